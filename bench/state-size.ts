/**
 * Figure 4, state size: bytes of `__provider` per membership (Pulumi stores it twice, in
 * inputs and outputs) and of the whole exported state per membership, after `up` of 200, with
 * the package installed (what users have) and linked (the shim serialized by value).
 */
import { BenchEnv } from "./bench-env";
import { type Cycle, cycle } from "./cycle";
import type { FigureResult } from "./figure-result";
import { membershipsPerInstance } from "./membership-specs";
import { median, round } from "./stats";
import { benchWorld } from "./world";

const LIMIT = 2048;
const bytes = (v: unknown) => Buffer.byteLength(typeof v === "string" ? v : JSON.stringify(v));

export async function stateSize(): Promise<FigureResult> {
  const specs = membershipsPerInstance(50, 4);
  const env = await new BenchEnv().start({ fixture: benchWorld(50, 0) });
  try {
    const installed = await cycle(env, "memberships", specs);
    const linked = await cycle(env, "memberships", specs, { layout: "linked" });
    const noop = await cycle(env, "noop", specs);
    const n = specs.length;
    const measure = (c: Cycle) => {
      const copies = c.resources.map((r) => ({
        inputs: bytes(r.inputs?.__provider ?? ""),
        outputs: bytes(r.outputs?.__provider ?? ""),
        resource: bytes(r),
      }));
      const perCopy = Math.max(0, ...copies.flatMap((x) => [x.inputs, x.outputs]));
      return { copies, perCopy, complete: copies.length === n };
    };
    const rows = (["installed", "linked"] as const).flatMap((layout) => {
      const c = layout === "installed" ? installed : linked;
      const m = measure(c);
      return [
        {
          figure: "4",
          metric: `__provider per membership, package ${layout} (largest copy; stored twice)`,
          value: `${m.perCopy} B (x 2 = ${m.perCopy * 2} B)`,
          target: `<= ${LIMIT} B per copy`,
          pass: m.complete && m.perCopy <= LIMIT,
        },
        {
          figure: "4",
          metric: `exported state per membership, package ${layout} (${n}; one resource's JSON)`,
          value: `${round(c.stateBytes / n)} B (${median(m.copies.map((x) => x.resource))} B)`,
          target: "report",
        },
      ];
    });
    return {
      id: 4,
      title: "State size",
      rows: [
        ...rows,
        {
          figure: "4",
          metric: `exported state per no-op resource (${n}; one resource's JSON)`,
          value: `${round(noop.stateBytes / n)} B (${median(noop.resources.map(bytes))} B)`,
          target: "report",
        },
      ],
      notes: [],
      details: {
        installed: {
          copies: measure(installed).copies.slice(0, 3),
          stateBytes: installed.stateBytes,
        },
        linked: { copies: measure(linked).copies.slice(0, 3), stateBytes: linked.stateBytes },
        shim: installed.resources[0]?.inputs?.__provider,
      },
    };
  } finally {
    await env.stop();
  }
}
