import { cpus } from "node:os";
import type { Stack } from "@pulumi/pulumi/automation";

/** The engine's default `--parallel` (4 x cores) as the CLI prints it in `pulumi up --help`. */
export const DEFAULT_PARALLEL = 4 * cpus().length;

/** The outcome of one CLI command. */
export interface CommandRun {
  seconds: number;
  ok: boolean;
  /** The end of the CLI's output when the command failed. */
  error?: string;
  /** The provider's distinct status and notice lines (`sg-membership: …`) in the output. */
  providerLines: string[];
}

const providerLines = (out: string[]) => [
  ...new Set(out.join("").match(/sg-membership: [^\n]*/g) ?? []),
];

/** Runs one of the stack's commands, timing it; a failure is returned, not thrown. */
export async function timedCommand(
  stack: Stack,
  command: "up" | "destroy" | "refresh",
  parallel = DEFAULT_PARALLEL,
): Promise<CommandRun> {
  const out: string[] = [];
  const opts = { parallel, color: "never" as const, onOutput: (s: string) => out.push(s) };
  const started = performance.now();
  try {
    if (command === "up") await stack.up(opts);
    else if (command === "destroy") await stack.destroy(opts);
    else await stack.refresh(opts);
    return {
      seconds: (performance.now() - started) / 1000,
      ok: true,
      providerLines: providerLines(out),
    };
  } catch (e) {
    const text = `${out.join("")}\n${(e as Error).message}`;
    const seconds = (performance.now() - started) / 1000;
    return { seconds, ok: false, error: text.slice(-3000), providerLines: providerLines(out) };
  }
}
