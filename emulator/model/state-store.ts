/**
 * Loading fixtures and persisting the world with `--state`. Writes are atomic (temp file, fsync,
 * rename), and a state file that does not parse or is not a valid world (world-problem.ts) is
 * refused, never replaced.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import type { World } from "./world";
import { worldProblem } from "./world-problem";

export function readWorldFile(path: string, what: "fixture" | "state"): World {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`ecs-emulator: cannot read the ${what} file ${path}: ${(e as Error).message}`);
  }
  const problem = worldProblem(parsed);
  if (problem) {
    const advice = what === "state" ? " Fix it or move it aside; it was left untouched." : "";
    throw new Error(
      `ecs-emulator: the ${what} file ${path} is not a valid world: ${problem}.${advice}`,
    );
  }
  return parsed as World;
}

/** The persisted world if the state file exists, else undefined. */
export function loadState(path: string): World | undefined {
  return existsSync(path) ? readWorldFile(path, "state") : undefined;
}

export function saveState(path: string, world: World) {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, JSON.stringify(world, null, 1));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
