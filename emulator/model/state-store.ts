/**
 * Loading fixtures and persisting the world with `--state`. Writes are atomic (temp file, fsync,
 * rename), and a state file that does not parse or has the wrong shape is refused, never replaced.
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
import { tagsProblem } from "./tag-rules";
import type { World } from "./world";

const COLLECTIONS: [keyof World, string][] = [
  ["vpcs", "vpcId"],
  ["securityGroups", "securityGroupId"],
  ["instances", "instanceId"],
  ["networkInterfaces", "networkInterfaceId"],
];

/** The reason `value` is not a world, or undefined if it is one. */
export function worldProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return "the top level must be a JSON object";
  const world = value as Record<string, unknown>;
  if (!Array.isArray(world.regions) || world.regions.some((r) => typeof r !== "string")) {
    return '"regions" must be an array of region IDs';
  }
  for (const [name, idField] of COLLECTIONS) {
    const list = world[name];
    if (!Array.isArray(list)) return `"${name}" must be an array`;
    const bad = list.findIndex(
      (e) => typeof e !== "object" || e === null || typeof e[idField] !== "string",
    );
    if (bad >= 0) return `"${name}[${bad}]" has no string "${idField}"`;
  }
  for (const name of ["instances", "networkInterfaces"] as const) {
    const list = world[name] as { tags?: unknown }[];
    for (const [n, entry] of list.entries()) {
      const problem = entry.tags === undefined ? undefined : tagsProblem(entry.tags);
      if (problem) return `"${name}[${n}].tags" ${problem}`;
    }
  }
  const instances = world.instances as World["instances"];
  const enis = new Set(
    (world.networkInterfaces as World["networkInterfaces"]).map((e) => e.networkInterfaceId),
  );
  const orphan = instances.find((i) => !enis.has(i.primaryNetworkInterfaceId));
  if (orphan)
    return `instance ${orphan.instanceId} names a primary ENI that is not in "networkInterfaces"`;
  return undefined;
}

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
