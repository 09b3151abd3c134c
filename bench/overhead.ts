/**
 * Figure 3, engine overhead: `pulumi up` and `pulumi destroy` of 200 memberships (50 instances x
 * 4 extra groups, no faults) against the same declarations as 200 no-op dynamic resources, run
 * side by side, with the engine's default parallelism for both. A third program, the no-op
 * padded to the memberships' state size, separates what the provider costs from what the
 * engine's per-step checkpoints of a bigger state cost.
 */
import {
  BenchEnv,
  type BenchContext,
  benchWorld,
  clean,
  type Cycle,
  cycle,
  cycleProblems,
  type FigureResult,
  log,
  median,
  membershipsPerInstance,
  round,
  type Row,
} from "./harness";

const INSTANCES = 50;
const GROUPS = 4;
const TARGET = 1.15;

const total = (c: Cycle) => c.up.seconds + c.destroy.seconds;

export async function overhead(ctx: BenchContext): Promise<FigureResult> {
  const specs = membershipsPerInstance(INSTANCES, GROUPS);
  const n = specs.length;
  const env = await new BenchEnv().start({ fixture: benchWorld(INSTANCES, 0) });
  const runs: { noop: Cycle; membership: Cycle; padded: Cycle }[] = [];
  let padBytes = 0;
  try {
    for (let rep = 0; rep < ctx.reps; rep++) {
      log(`figure 3: run ${rep + 1}/${ctx.reps}: ${n} no-op resources, then ${n} memberships`);
      const noop = await cycle(env, "noop", specs);
      const membership = await cycle(env, "memberships", specs);
      // The pad is stored twice (inputs and outputs), like __provider.
      if (rep === 0) {
        padBytes = Math.max(0, Math.round((membership.stateBytes - noop.stateBytes) / n / 2));
      }
      const padded = await cycle(env, "noop", specs, { config: { padBytes: String(padBytes) } });
      runs.push({ noop, membership, padded });
    }
  } finally {
    await env.stop();
  }
  // Diagnostic: the same pair with the engine writing the state once at the end instead of
  // after every step, which leaves what the provider itself costs.
  log(`figure 3: the same pair with PULUMI_SKIP_CHECKPOINTS=true`);
  const bare = await new BenchEnv({ PULUMI_SKIP_CHECKPOINTS: "true" }).start({
    fixture: benchWorld(INSTANCES, 0),
  });
  let unchecked: { noop: Cycle; membership: Cycle };
  try {
    unchecked = {
      noop: await cycle(bare, "noop", specs),
      membership: await cycle(bare, "memberships", specs),
    };
  } finally {
    await bare.stop();
  }
  const ratio = (f: (c: Cycle) => number, base: "noop" | "padded") =>
    round(median(runs.map((r) => f(r.membership) / f(r[base]))), 3);
  const up = ratio((c) => c.up.seconds, "noop");
  const destroy = ratio((c) => c.destroy.seconds, "noop");
  const both = ratio(total, "noop");
  const ok = runs.every((r) => clean(r.membership) && r.noop.up.ok && r.noop.destroy.ok);
  const med = (f: (c: Cycle) => number, k: "noop" | "membership" | "padded") =>
    round(median(runs.map((r) => f(r[k]))), 1);
  const rows: Row[] = [
    {
      figure: "3",
      metric: `up, ${n} memberships / ${n} no-op (median of ${runs.length} side-by-side ratios)`,
      value: `${up} (${med((c) => c.up.seconds, "membership")} s / ${med((c) => c.up.seconds, "noop")} s)`,
      target: `<= ${TARGET}`,
      pass: ok && up <= TARGET,
    },
    {
      figure: "3",
      metric: `destroy, ${n} memberships / ${n} no-op`,
      value: `${destroy} (${med((c) => c.destroy.seconds, "membership")} s / ${med((c) => c.destroy.seconds, "noop")} s)`,
      target: `<= ${TARGET}`,
      pass: ok && destroy <= TARGET,
    },
    {
      figure: "3",
      metric: `up + destroy vs no-op padded to the same state size (+${padBytes} B x 2)`,
      value: `${ratio(total, "padded")} (${med(total, "membership")} s / ${med(total, "padded")} s)`,
      target: "diagnostic",
    },
    {
      figure: "3",
      metric: "up + destroy vs no-op, engine checkpoints off (PULUMI_SKIP_CHECKPOINTS, 1 run)",
      value: `${round(total(unchecked.membership) / total(unchecked.noop), 3)} (${round(total(unchecked.membership), 1)} s / ${round(total(unchecked.noop), 1)} s)`,
      target: "diagnostic",
    },
    {
      figure: "3",
      metric: "CPU s of CLI + program + plugin, up + destroy: memberships / no-op / padded",
      value: ["membership", "noop", "padded"]
        .map((k) =>
          med((c) => c.upCpu + c.destroyCpu, k as "noop" | "membership" | "padded").toString(),
        )
        .join(" / "),
      target: "diagnostic",
    },
  ];
  const notes = [
    `up + destroy ratio ${both}. State after up: ${round(median(runs.map((r) => r.membership.stateBytes)) / n)} B per membership, ` +
      `${round(median(runs.map((r) => r.noop.stateBytes)) / n)} B per no-op resource. The file backend rewrites the whole ` +
      `state after every step, so the engine's work grows with N x state bytes; the padded no-op shows how much of the gap that explains.`,
    ...runs.flatMap((r, i) => cycleProblems(r.membership).map((p) => `run ${i + 1}: ${p}`)),
  ];
  return {
    id: 3,
    title: "Engine overhead",
    rows,
    notes,
    details: {
      padBytes,
      unchecked: {
        noop: {
          up: round(unchecked.noop.up.seconds),
          destroy: round(unchecked.noop.destroy.seconds),
        },
        membership: {
          up: round(unchecked.membership.up.seconds),
          destroy: round(unchecked.membership.destroy.seconds),
        },
      },
      runs: runs.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, c]) => [
            k,
            {
              up: round(c.up.seconds),
              destroy: round(c.destroy.seconds),
              upCpu: round(c.upCpu),
              destroyCpu: round(c.destroyCpu),
              stateBytes: c.stateBytes,
              clean: clean(c),
            },
          ]),
        ),
      ),
    },
  };
}
