import { readFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { join } from "node:path";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "../testkit/repo-root";
import { round } from "./stats";

/** The machine the figures come from. */
export function machine(cli: PulumiCommand) {
  const cpu = cpus();
  let model = cpu[0]?.model ?? "unknown";
  if (!model || model === "unknown") {
    try {
      model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
    } catch {
      // not Linux
    }
  }
  return {
    cpuModel: model.trim(),
    cores: cpu.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${process.platform} ${release()}`,
    pulumi: cli.version?.toString() ?? "",
    sdk: JSON.parse(
      readFileSync(join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
    ).version as string,
  };
}
