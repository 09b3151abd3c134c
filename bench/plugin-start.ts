/**
 * How long a provider plugin takes from its start to printing its port, which is when the
 * engine can call it; the engine starts it once per command. The native plugin loads the
 * provider before it prints; the dynamic-provider plugin (`pulumi-resource-pulumi-nodejs`, two
 * node starts: one to find the SDK's entry point, one to run it) loads this package only at its
 * first call, from the shim in the state or program, so its figure leaves that out.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { cliDir, MATRIX } from "../testkit/support-matrix";
import { programDir } from "./program-dirs";
import { median, round } from "./stats";

/** No engine listens there; the plugins only dial it when they first log. */
const NO_ENGINE = "127.0.0.1:1";

function secondsToPort(executable: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Its own process group: the dynamic-provider script runs node without exec.
    const child = spawn(executable, [NO_ENGINE], {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.once("data", () => {
      resolve((performance.now() - started) / 1000);
      process.kill(-child.pid!);
    });
    // After the port, the kill's exit rejects a settled promise: nothing.
    child.once("exit", (code) =>
      reject(new Error(`${executable} exited (${code}) before printing its port:\n${stderr}`)),
    );
    child.once("error", reject);
  });
}

/** Median seconds to its port of each plugin over `reps` starts, alternating. */
export async function pluginStarts(reps: number) {
  const native = join(
    programDir("native", "installed"),
    "node_modules/pulumi-alicloud-sg-membership/plugin/pulumi-resource-alicloud-sg-membership",
  );
  const dynamic = join(cliDir(MATRIX.cli.newest), "pulumi-resource-pulumi-nodejs");
  const times = { native: [] as number[], dynamic: [] as number[] };
  for (let i = 0; i < reps; i++) {
    times.native.push(await secondsToPort(native, programDir("native", "installed")));
    times.dynamic.push(await secondsToPort(dynamic, programDir("memberships", "installed")));
  }
  return { native: round(median(times.native)), dynamic: round(median(times.dynamic)) };
}
