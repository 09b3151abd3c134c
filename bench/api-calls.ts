/**
 * Figure 1, API calls: what one create and one delete cost, and how many Describe* calls a
 * refresh of N = 1,000 memberships on M = 250 instances and E = 50 ENIs makes, with the engine
 * running every read at once (`--parallel` N) and with its default parallelism.
 */
import type { RequestLogEntry } from "../emulator";
import { BenchEnv } from "./bench-env";
import { callCounts } from "./call-counts";
import type { FigureResult, Row } from "./figure-result";
import { log } from "./log";
import { membershipDrift } from "./membership-drift";
import { spreadMemberships } from "./membership-specs";
import { round } from "./stats";
import { DEFAULT_PARALLEL, timedCommand } from "./timed-command";
import { benchWorld } from "./world";

const N = 1_000;
const M = 250;
const E = 50;
const DESCRIBES = ["DescribeInstances", "DescribeNetworkInterfaces"];
const SKIP_CHECKPOINTS = "PULUMI_SKIP_CHECKPOINTS";

/** Targets named by one logged Describe* call. */
function idsInCall(entry: RequestLogEntry): number {
  if (entry.params.InstanceIds) return (JSON.parse(entry.params.InstanceIds) as unknown[]).length;
  return Object.keys(entry.params).filter((k) => k.startsWith("NetworkInterfaceId.")).length;
}

async function describeCalls(env: BenchEnv) {
  const entries = (await env.emulator.control.requests()).filter((e) =>
    DESCRIBES.includes(e.action),
  );
  const sizes = entries.map(idsInCall);
  return {
    calls: entries.length,
    instanceCalls: entries.filter((e) => e.action === DESCRIBES[0]).length,
    eniCalls: entries.filter((e) => e.action === DESCRIBES[1]).length,
    meanIds: round(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length), 1),
    maxIds: Math.max(0, ...sizes),
  };
}

async function createAndDelete(rows: Row[], details: Record<string, unknown>) {
  const env = await new BenchEnv().start({ fixture: benchWorld(1, 0) });
  try {
    const stack = await env.stack("memberships", spreadMemberships(1, 1));
    await env.emulator.control.clearRequests();
    const up = await timedCommand(stack, "up");
    const created = await callCounts(env.emulator);
    await env.emulator.control.clearRequests();
    const down = await timedCommand(stack, "destroy");
    const deleted = await callCounts(env.emulator);
    details.create = { ok: up.ok, calls: created, error: up.error };
    details.delete = { ok: down.ok, calls: deleted, error: down.error };
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    // The budget: the write, the ownership record's write, and at most two reads (batched
    // with other resources' reads, so at scale they cost ceil(targets / 100) calls).
    const budget = (calls: Record<string, number>, write: string, tag: string) => {
      const reads = total(calls) - (calls[write] ?? 0) - (calls[tag] ?? 0);
      return {
        value: `${calls[write] ?? 0} / ${calls[tag] ?? 0} / ${reads}`,
        ok: calls[write] === 1 && calls[tag] === 1 && reads <= 2,
      };
    };
    const create = budget(created, "JoinSecurityGroup", "TagResources");
    const remove = budget(deleted, "LeaveSecurityGroup", "UntagResources");
    rows.push(
      {
        figure: "1",
        metric: "create of 1 membership: Join / TagResources / reads",
        value: create.value,
        target: "1 / 1 / <= 2",
        pass: up.ok && create.ok,
      },
      {
        figure: "1",
        metric: "delete of 1 membership: Leave / UntagResources / reads",
        value: remove.value,
        target: "1 / 1 / <= 2",
        pass: down.ok && remove.ok,
      },
    );
  } finally {
    await env.stop();
  }
}

async function refreshAtScale(rows: Row[], notes: string[], details: Record<string, unknown>) {
  const env = await new BenchEnv().start({ fixture: benchWorld(M, E) });
  try {
    const specs = spreadMemberships(N, M, E);
    const stack = await env.stack("memberships", specs);
    // Setup and teardown only: the file backend rewrites the whole state after each of the
    // 1,000 steps (minutes); the refreshes below run with checkpoints as usual.
    const vars = stack.workspace.envVars;
    vars[SKIP_CHECKPOINTS] = "true";
    log(`figure 1: up of ${N} memberships (--parallel ${N})`);
    const up = await timedCommand(stack, "up", N);
    delete vars[SKIP_CHECKPOINTS];
    const drift = await membershipDrift(env.emulator, specs);
    details.setup = { upSeconds: round(up.seconds, 1), ok: up.ok, ...drift, error: up.error };
    if (!up.ok) throw new Error(`figure 1: up of ${N} memberships failed:\n${up.error}`);

    const bound = Math.ceil(M / 100) + Math.ceil(E / 100);
    for (const parallel of [N, DEFAULT_PARALLEL]) {
      log(`figure 1: refresh of ${N} memberships, --parallel ${parallel}`);
      await env.emulator.control.clearRequests();
      const run = await timedCommand(stack, "refresh", parallel);
      const calls = await describeCalls(env);
      details[`refreshParallel${parallel}`] = {
        ...calls,
        seconds: round(run.seconds, 1),
        ok: run.ok,
      };
      if (parallel === N) {
        rows.push({
          figure: "1",
          metric: `refresh N=${N} (M=${M}, E=${E}) --parallel ${N}: describe calls`,
          value: `${calls.calls} (${calls.instanceCalls} + ${calls.eniCalls}), ${calls.meanIds} IDs/call`,
          target: `<= ${bound}`,
          pass: run.ok && calls.calls <= bound,
        });
      } else {
        // With P reads in flight, every call can carry at most P targets.
        const floor = Math.ceil(N / parallel);
        rows.push({
          figure: "1",
          metric: `refresh N=${N} default --parallel ${parallel}: describe calls`,
          value: `${calls.calls}, ${calls.meanIds} IDs/call (max ${calls.maxIds}) with ${parallel} reads in flight`,
          target: `~ N/P = ${floor} (report)`,
          pass: run.ok ? undefined : false,
        });
        notes.push(
          `Default parallelism: the engine keeps at most ${parallel} reads in flight, so no call ` +
            `can carry more than ${parallel} targets; ${N}/${parallel} = ${floor} calls is the least possible.`,
        );
      }
    }
    log(`figure 1: destroy of ${N} memberships`);
    vars[SKIP_CHECKPOINTS] = "true";
    const down = await timedCommand(stack, "destroy", N);
    details.teardown = { destroySeconds: round(down.seconds, 1), ok: down.ok };
  } finally {
    await env.stop();
  }
}

export async function apiCalls(): Promise<FigureResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = {};
  await createAndDelete(rows, details);
  await refreshAtScale(rows, notes, details);
  return { id: 1, title: "API calls", rows, notes, details };
}
