/**
 * Figure 3, engine overhead: `pulumi up` and `pulumi destroy` of 200 memberships (50 instances x
 * 4 extra groups, no faults) against the same declarations as 200 no-op dynamic resources, run
 * side by side, with the engine's default parallelism for both and the package installed as
 * users install it; the memberships once through the dynamic provider and once through the
 * native provider plugin (the same Node.js program on the generated SDK), each against the same
 * no-op run. Diagnostics separate what the provider costs from what Pulumi's Node.js SDK charges
 * per declared output (a no-op declaring as many properties as a membership), show the shim
 * serialized by value (the package linked instead of installed), and time each provider
 * plugin's start.
 */
import { DECLARED_KEYS } from "../provider/resource/membership";
import { BenchEnv } from "./bench-env";
import { clean, type Cycle, cycle, cycleProblems } from "./cycle";
import type { BenchContext, FigureResult, Row } from "./figure-result";
import { log } from "./log";
import { membershipsPerInstance } from "./membership-specs";
import { pluginStarts } from "./plugin-start";
import { median, round } from "./stats";
import { benchWorld } from "./world";

const INSTANCES = 50;
const GROUPS = 4;
const TARGET = 1.15;
/** The no-op declares `securityGroupId` and `target`; a membership declares its outputs. */
const EXTRA_PROPERTIES = DECLARED_KEYS.length - 2;

type Program = "noop" | "membership" | "native" | "sameProps";
const total = (c: Cycle) => c.up.seconds + c.destroy.seconds;

export async function overhead(ctx: BenchContext): Promise<FigureResult> {
  const specs = membershipsPerInstance(INSTANCES, GROUPS);
  const n = specs.length;
  const env = await new BenchEnv().start({ fixture: benchWorld(INSTANCES, 0) });
  const runs: Record<Program, Cycle>[] = [];
  let linked: { noop: Cycle; membership: Cycle };
  let starts: Awaited<ReturnType<typeof pluginStarts>>;
  try {
    for (let rep = 0; rep < ctx.reps; rep++) {
      log(
        `figure 3: run ${rep + 1}/${ctx.reps}: ${n} no-op resources, ${n} memberships (dynamic, then native), ${n} no-op with ${EXTRA_PROPERTIES} more properties`,
      );
      const noop = await cycle(env, "noop", specs);
      const membership = await cycle(env, "memberships", specs);
      const native = await cycle(env, "native", specs);
      const sameProps = await cycle(env, "noop", specs, {
        config: { extraProperties: String(EXTRA_PROPERTIES) },
      });
      runs.push({ noop, membership, native, sameProps });
    }
    log(`figure 3: the pair again with the package linked (shim serialized by value)`);
    linked = {
      noop: await cycle(env, "noop", specs, { layout: "linked" }),
      membership: await cycle(env, "memberships", specs, { layout: "linked" }),
    };
    log(`figure 3: provider plugin starts`);
    starts = await pluginStarts(ctx.quick ? 3 : 7);
  } finally {
    await env.stop();
  }
  const ratio = (f: (c: Cycle) => number, base: Program, of: Program = "membership") =>
    round(median(runs.map((r) => f(r[of]) / f(r[base]))), 3);
  const med = (f: (c: Cycle) => number, k: Program) => round(median(runs.map((r) => f(r[k]))), 1);
  const upS = (c: Cycle) => c.up.seconds;
  const destroyS = (c: Cycle) => c.destroy.seconds;
  const up = ratio(upS, "noop");
  const destroy = ratio(destroyS, "noop");
  const nativeUp = ratio(upS, "noop", "native");
  const nativeDestroy = ratio(destroyS, "noop", "native");
  const noopOk = runs.every((r) => r.noop.up.ok && r.noop.destroy.ok);
  const ok = noopOk && runs.every((r) => clean(r.membership));
  const nativeOk = noopOk && runs.every((r) => clean(r.native));
  const rows: Row[] = [
    {
      figure: "3",
      metric: `up, ${n} memberships / ${n} no-op (median of ${runs.length} side-by-side ratios)`,
      value: `${up} (${med(upS, "membership")} s / ${med(upS, "noop")} s)`,
      target: `<= ${TARGET}`,
      pass: ok && up <= TARGET,
    },
    {
      figure: "3",
      metric: `destroy, ${n} memberships / ${n} no-op`,
      value: `${destroy} (${med(destroyS, "membership")} s / ${med(destroyS, "noop")} s)`,
      target: `<= ${TARGET}`,
      pass: ok && destroy <= TARGET,
    },
    {
      figure: "3",
      metric: `up, ${n} native memberships (native plugin) / ${n} no-op (median of ${runs.length} side-by-side ratios)`,
      value: `${nativeUp} (${med(upS, "native")} s / ${med(upS, "noop")} s)`,
      target: `<= ${TARGET}`,
      pass: nativeOk && nativeUp <= TARGET,
    },
    {
      figure: "3",
      metric: `destroy, ${n} native memberships / ${n} no-op`,
      value: `${nativeDestroy} (${med(destroyS, "native")} s / ${med(destroyS, "noop")} s)`,
      target: `<= ${TARGET}`,
      pass: nativeOk && nativeDestroy <= TARGET,
    },
    {
      figure: "3",
      metric: "up / destroy, native memberships / dynamic memberships",
      value: `${ratio(upS, "membership", "native")} / ${ratio(destroyS, "membership", "native")}`,
      target: "diagnostic",
    },
    {
      figure: "3",
      metric:
        "provider plugin start to its port (once per command): native (loads the provider) / dynamic (loads it at its first call)",
      value: `${starts.native} s / ${starts.dynamic} s`,
      target: "diagnostic",
    },
    {
      figure: "3",
      metric: `up, no-op declaring ${EXTRA_PROPERTIES} more properties (as many as a membership) / no-op`,
      value: `${round(median(runs.map((r) => upS(r.sameProps) / upS(r.noop))), 3)} (${med(upS, "sameProps")} s)`,
      target: "diagnostic",
    },
    {
      figure: "3",
      metric: "up, memberships / no-op declaring as many properties",
      value: `${ratio(upS, "sameProps")}`,
      target: "diagnostic",
    },
    {
      figure: "3",
      metric: "up + destroy, package linked (shim serialized by value, 1 run): memberships / no-op",
      value: `${round(total(linked.membership) / total(linked.noop), 3)} (${round(total(linked.membership), 1)} s / ${round(total(linked.noop), 1)} s)`,
      target: "diagnostic",
    },
    {
      figure: "3",
      metric:
        "CPU s of CLI + program + plugin, up + destroy: memberships / native memberships / no-op / no-op with as many properties",
      value: (["membership", "native", "noop", "sameProps"] as const)
        .map((k) => med((c) => c.upCpu + c.destroyCpu, k).toString())
        .join(" / "),
      target: "diagnostic",
    },
  ];
  const perResource = (c: Cycle) => round(c.stateBytes / n);
  const notes = [
    `State after up: ${perResource(runs[0].membership)} B per membership, ${perResource(runs[0].noop)} B per no-op resource; ` +
      `native: ${perResource(runs[0].native)} B per membership; linked: ${perResource(linked.membership)} B per membership.`,
    ...runs.flatMap((r, i) => cycleProblems(r.membership).map((p) => `run ${i + 1}: ${p}`)),
    ...runs.flatMap((r, i) => cycleProblems(r.native).map((p) => `run ${i + 1}, native: ${p}`)),
    ...cycleProblems(linked.membership).map((p) => `linked: ${p}`),
  ];
  const summary = (c: Cycle) => ({
    up: round(c.up.seconds),
    destroy: round(c.destroy.seconds),
    upCpu: round(c.upCpu),
    destroyCpu: round(c.destroyCpu),
    stateBytes: c.stateBytes,
    clean: clean(c),
  });
  return {
    id: 3,
    title: "Engine overhead",
    rows,
    notes,
    details: {
      extraProperties: EXTRA_PROPERTIES,
      pluginStartSeconds: starts,
      linked: { noop: summary(linked.noop), membership: summary(linked.membership) },
      runs: runs.map((r) => ({
        noop: summary(r.noop),
        membership: summary(r.membership),
        native: summary(r.native),
        sameProps: summary(r.sameProps),
      })),
    },
  };
}
