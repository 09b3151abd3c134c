/**
 * Figure 2, throughput under the real limit: `pulumi up` then `pulumi destroy` of 200
 * memberships (50 instances x 4 extra groups) while the emulator lets JoinSecurityGroup and
 * LeaveSecurityGroup through at 5 requests per second each and answers Throttling.User above
 * that. Each command's wall time is compared with the larger of the limit's bound (N / 5 s) and
 * the same command's time for N no-op dynamic resources, run side by side; the memberships once
 * through the dynamic provider and once through the native provider plugin, each against the
 * same no-op run. In full mode, a few smaller N give the points of bench/results/throughput.svg.
 */
import { BenchEnv } from "./bench-env";
import { clean, type Cycle, cycle, cycleProblems } from "./cycle";
import type { BenchContext, FigureResult, Row } from "./figure-result";
import { log } from "./log";
import { membershipsPerInstance } from "./membership-specs";
import { median, round } from "./stats";
import { benchWorld } from "./world";

const RATE = 5;
const GROUPS = 4;
const N = 200;
const TARGET = 1.15;

type Provider = "dynamic" | "native";

interface Point {
  n: number;
  provider: Provider;
  command: "up" | "destroy";
  seconds: number;
  bound: number;
}

async function throttles(env: BenchEnv) {
  const log = await env.emulator.control.requests();
  const of = (action: string) => log.filter((e) => e.action === action);
  const summary = (action: string) => {
    const calls = of(action);
    return {
      calls: calls.length,
      throttled: calls.filter((e) => e.code?.startsWith("Throttling")).length,
    };
  };
  return { join: summary("JoinSecurityGroup"), leave: summary("LeaveSecurityGroup") };
}

export async function throughput(ctx: BenchContext): Promise<FigureResult> {
  const env = await new BenchEnv().start({ fixture: benchWorld(N / GROUPS, 0) });
  for (const action of ["JoinSecurityGroup", "LeaveSecurityGroup"])
    await env.emulator.control.addFault({ action, ratePerSecond: RATE });
  const specs = membershipsPerInstance(N / GROUPS, GROUPS);
  type Calls = Awaited<ReturnType<typeof throttles>>;
  const runs: { noop: Cycle; dynamic: Cycle; native: Cycle; calls: Record<Provider, Calls> }[] = [];
  const points: Point[] = [];
  try {
    for (let rep = 0; rep < ctx.reps; rep++) {
      log(
        `figure 2: run ${rep + 1}/${ctx.reps}: ${N} no-op resources, then ${N} memberships at ${RATE}/s (dynamic, then native)`,
      );
      const noop = await cycle(env, "noop", specs);
      await env.emulator.control.clearRequests();
      const dynamic = await cycle(env, "memberships", specs);
      const dynamicCalls = await throttles(env);
      await env.emulator.control.clearRequests();
      const native = await cycle(env, "native", specs);
      runs.push({
        noop,
        dynamic,
        native,
        calls: { dynamic: dynamicCalls, native: await throttles(env) },
      });
    }
    if (!ctx.quick) {
      for (const n of [40, 100]) {
        log(`figure 2: plot point N=${n}`);
        const small = await cycle(env, "memberships", membershipsPerInstance(n / GROUPS, GROUPS));
        points.push(
          { n, provider: "dynamic", command: "up", seconds: small.up.seconds, bound: n / RATE },
          {
            n,
            provider: "dynamic",
            command: "destroy",
            seconds: small.destroy.seconds,
            bound: n / RATE,
          },
        );
      }
    }
  } finally {
    await env.stop();
  }
  const bound = N / RATE;
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const provider of ["dynamic", "native"] as const) {
    for (const command of ["up", "destroy"] as const) {
      const seconds = median(runs.map((r) => r[provider][command].seconds));
      const noop = median(runs.map((r) => r.noop[command].seconds));
      const ratio = median(
        runs.map((r) => r[provider][command].seconds / Math.max(bound, r.noop[command].seconds)),
      );
      points.push({ n: N, provider, command, seconds, bound });
      const key = command === "up" ? "join" : "leave";
      const calls = median(runs.map((r) => r.calls[provider][key].calls));
      const throttled = median(runs.map((r) => r.calls[provider][key].throttled));
      const what = provider === "native" ? "native memberships (native plugin)" : "memberships";
      rows.push({
        figure: "2",
        metric: `${command} of ${N} ${what} at ${RATE} ${command === "up" ? "Join" : "Leave"}/s: time / max(${bound} s, no-op ${round(noop, 1)} s)`,
        value: `${round(ratio, 3)} (${round(seconds, 1)} s; ${calls} calls, ${throttled} throttled)`,
        target: `<= ${TARGET}, no failure`,
        pass: runs.every((r) => clean(r[provider])) && ratio <= TARGET,
      });
    }
  }
  for (const provider of ["dynamic", "native"] as const) {
    notes.push(
      ...runs.flatMap((r, i) =>
        cycleProblems(r[provider]).map((p) => `run ${i + 1}, ${provider}: ${p}`),
      ),
    );
  }
  return {
    id: 2,
    title: "Throughput under the real limit",
    rows,
    notes,
    details: {
      points: points.map((p) => ({ ...p, seconds: round(p.seconds) })),
      runs: runs.map((r) => ({
        noop: { up: round(r.noop.up.seconds), destroy: round(r.noop.destroy.seconds) },
        ...Object.fromEntries(
          (["dynamic", "native"] as const).map((p) => [
            p,
            {
              up: round(r[p].up.seconds),
              destroy: round(r[p].destroy.seconds),
              calls: r.calls[p],
              clean: clean(r[p]),
            },
          ]),
        ),
      })),
    },
  };
}

/** A filled circle for the dynamic provider, a ring for the native plugin; colour by command. */
function marker(p: Point): string {
  const colour = p.command === "up" ? "#1f77b4" : "#d62728";
  return p.provider === "native"
    ? `r="5" fill="none" stroke="${colour}" stroke-width="1.5"`
    : `r="4" fill="${colour}"`;
}

/** Wall time against the limit's bound as an SVG scatter with the y = x and y = 1.15x lines. */
export function throughputSvg(points: Point[]): string {
  const w = 480;
  const h = 360;
  const pad = 50;
  const max =
    Math.ceil(Math.max(10, ...points.flatMap((p) => [p.seconds, p.bound * TARGET])) / 10) * 10;
  const x = (s: number) => pad + ((w - 2 * pad) * s) / max;
  const y = (s: number) => h - pad - ((h - 2 * pad) * s) / max;
  const ticks = Array.from({ length: max / 10 + 1 }, (_, i) => i * 10);
  const line = (k: number, dash: string, label: string) =>
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(max / k)}" y2="${y(max)}" stroke="#888" stroke-dasharray="${dash}"/>` +
    `<text x="${x(max / k) - 4}" y="${y(max) + 14}" font-size="11" text-anchor="end">${label}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="20" font-size="13" text-anchor="middle">Wall time vs the rate limit's bound (N / ${RATE} s)</text>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(max)}" y2="${y(0)}" stroke="black"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(max)}" stroke="black"/>`,
    ...ticks.map(
      (t) =>
        `<text x="${x(t)}" y="${y(0) + 16}" font-size="10" text-anchor="middle">${t}</text>` +
        `<text x="${x(0) - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${t}</text>`,
    ),
    `<text x="${w / 2}" y="${h - 12}" font-size="11" text-anchor="middle">bound N / ${RATE} (s)</text>`,
    `<text x="14" y="${h / 2}" font-size="11" transform="rotate(-90 14 ${h / 2})" text-anchor="middle">wall time (s)</text>`,
    line(1, "4 3", "y = x"),
    line(TARGET, "1 3", `y = ${TARGET}x`),
    ...points.map(
      (p) =>
        `<circle cx="${x(p.bound)}" cy="${y(p.seconds)}" ${marker(p)}>` +
        `<title>${p.command} N=${p.n}, ${p.provider}: ${round(p.seconds, 1)} s</title></circle>`,
    ),
    `<circle cx="${pad + 10}" cy="40" r="4" fill="#1f77b4"/><text x="${pad + 18}" y="44" font-size="11">up (Join)</text>`,
    `<circle cx="${pad + 10}" cy="56" r="4" fill="#d62728"/><text x="${pad + 18}" y="60" font-size="11">destroy (Leave)</text>`,
    `<circle cx="${pad + 10}" cy="72" r="4" fill="white" stroke="#555" stroke-width="1.5"/><text x="${pad + 18}" y="76" font-size="11">hollow: native plugin</text>`,
    "</svg>",
    "",
  ].join("\n");
}
