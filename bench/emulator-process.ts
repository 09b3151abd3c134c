/**
 * `ecs-emulator` in a process of its own for figures 5 and 7, the official SDK client that drives
 * it, and its RSS and CPU from /proc, so the bench process's own memory and work never count.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import EcsClient from "@alicloud/ecs20140526";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../emulator";
import { REPO_ROOT } from "../testkit/repo-root";
import { round } from "./stats";
import { REGION } from "./world";

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
}

/** The built `ecs-emulator` on a free port with `args` (e.g. `--fixture world.json`). */
export function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const cli = join(REPO_ROOT, "dist", "emulator", "cli.js");
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`ecs-emulator exited with ${code}: ${out}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        child.removeAllListeners("exit");
        resolve({ child, url });
      }
    });
  });
}

/** The official SDK client (ACS3-HMAC-SHA256 signed requests) for an emulator at `url`. */
export const emulatorClient = (url: string) =>
  new EcsClient(
    new $OpenApiUtil.Config({
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
      endpoint: url.replace(/^http:\/\//, ""),
      protocol: "http",
      regionId: REGION,
      readTimeout: 10_000,
    }),
  );

/** VmRSS of a process, MiB. */
export function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return round(Number(kb) / 1024, 1);
}

/** utime + stime of a process, seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
