import { MEMBERSHIP_TOKEN } from "../provider/native/schema";
import type { BenchEnv } from "./bench-env";
import { childCpuSeconds } from "./child-cpu";
import type { MembershipSpec } from "./membership-specs";
import { membershipDrift } from "./membership-drift";
import type { PackageLayout, ProgramKind } from "./program-dirs";
import { MEMBERSHIP_TYPE, resourcesOfType } from "./stack-resources";
import { type CommandRun, timedCommand } from "./timed-command";

/** One `up` then `destroy` of a stack, checked against the emulator and the state. */
export interface Cycle {
  up: CommandRun;
  destroy: CommandRun;
  /** CPU seconds of the CLI, its language host, program and plugins, per command. */
  upCpu: number;
  destroyCpu: number;
  /** Declared resources absent from the state after `up`, and left in it after `destroy`. */
  failedUp: number;
  failedDestroy: number;
  /** Memberships the emulator shows wrongly after `up` and after `destroy`. */
  missingAfterUp: number;
  leakedAfterUp: number;
  leakedAfterDestroy: number;
  /** Bytes of the exported state after `up`. */
  stateBytes: number;
  /** The exported state's resources of the declared type after `up`. */
  resources: Awaited<ReturnType<typeof resourcesOfType>>["resources"];
}

export interface CycleOptions {
  parallel?: number;
  /** Run between `up` and `destroy` (e.g. to change faults). */
  between?: () => Promise<void>;
  /** Extra stack config, e.g. the no-op program's `extraProperties`. */
  config?: Record<string, string>;
  /** How the program gets this package; `installed` unless given. */
  layout?: PackageLayout;
}

/** `up` then `destroy` of `specs` with program `kind`, timed and checked. */
export async function cycle(
  env: BenchEnv,
  kind: ProgramKind,
  specs: MembershipSpec[],
  options: CycleOptions = {},
): Promise<Cycle> {
  const stack = await env.stack(kind, specs, options.layout);
  for (const [key, value] of Object.entries(options.config ?? {}))
    await stack.setConfig(key, { value });
  const type = { noop: "bench:Noop", memberships: MEMBERSHIP_TYPE, native: MEMBERSHIP_TOKEN }[kind];
  const declaresMemberships = kind !== "noop";
  let cpu = childCpuSeconds();
  const up = await timedCommand(stack, "up", options.parallel);
  const upCpu = childCpuSeconds() - cpu;
  const afterUp = await resourcesOfType(stack, type);
  const drift = declaresMemberships
    ? await membershipDrift(env.emulator, specs)
    : { missing: 0, leaked: 0 };
  await options.between?.();
  cpu = childCpuSeconds();
  const destroy = await timedCommand(stack, "destroy", options.parallel);
  const destroyCpu = childCpuSeconds() - cpu;
  const afterDestroy = await resourcesOfType(stack, type);
  const leftover = declaresMemberships
    ? await membershipDrift(env.emulator, [])
    : { missing: 0, leaked: 0 };
  await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
  return {
    up,
    destroy,
    upCpu,
    destroyCpu,
    failedUp: specs.length - afterUp.resources.length,
    failedDestroy: afterDestroy.resources.length,
    missingAfterUp: drift.missing,
    leakedAfterUp: drift.leaked,
    leakedAfterDestroy: leftover.leaked,
    stateBytes: Buffer.byteLength(JSON.stringify(afterUp.state)),
    resources: afterUp.resources,
  };
}

/** True when the cycle left nothing failed, missing or leaked. */
export const clean = (c: Cycle) =>
  c.up.ok &&
  c.destroy.ok &&
  c.failedUp === 0 &&
  c.failedDestroy === 0 &&
  c.missingAfterUp === 0 &&
  c.leakedAfterUp === 0 &&
  c.leakedAfterDestroy === 0;

/** What went wrong in a cycle, for the notes. */
export function cycleProblems(c: Cycle): string[] {
  const problems: string[] = [];
  if (!c.up.ok) problems.push(`up failed: ${c.up.error?.slice(-600)}`);
  if (!c.destroy.ok) problems.push(`destroy failed: ${c.destroy.error?.slice(-600)}`);
  const counts: [string, number][] = [
    ["resources not created", c.failedUp],
    ["resources not destroyed", c.failedDestroy],
    ["memberships missing after up", c.missingAfterUp],
    ["memberships leaked after up", c.leakedAfterUp],
    ["memberships leaked after destroy", c.leakedAfterDestroy],
  ];
  for (const [what, n] of counts) if (n > 0) problems.push(`${n} ${what}`);
  return problems;
}
