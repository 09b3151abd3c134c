/**
 * Figure 4, state size: bytes of `__provider` per membership (Pulumi stores it twice, in
 * inputs and outputs) and of the whole exported state per membership, after `up` of 200.
 */
import {
  BenchEnv,
  benchWorld,
  cycle,
  type FigureResult,
  median,
  membershipsPerInstance,
  round,
} from "./harness";

const LIMIT = 2048;

export async function stateSize(): Promise<FigureResult> {
  const specs = membershipsPerInstance(50, 4);
  const env = await new BenchEnv().start({ fixture: benchWorld(50, 0) });
  try {
    const membership = await cycle(env, "memberships", specs);
    const noop = await cycle(env, "noop", specs);
    const bytes = (v: unknown) => Buffer.byteLength(typeof v === "string" ? v : JSON.stringify(v));
    const copies = membership.resources.map((r) => ({
      inputs: bytes(r.inputs?.__provider ?? ""),
      outputs: bytes(r.outputs?.__provider ?? ""),
      resource: bytes(r),
    }));
    const perCopy = Math.max(0, ...copies.flatMap((c) => [c.inputs, c.outputs]));
    const perResource = median(copies.map((c) => c.resource));
    const n = specs.length;
    return {
      id: 4,
      title: "State size",
      rows: [
        {
          figure: "4",
          metric: "__provider per membership (largest copy; stored twice)",
          value: `${perCopy} B (x 2 = ${perCopy * 2} B)`,
          target: `<= ${LIMIT} B per copy`,
          pass: copies.length === n && perCopy <= LIMIT,
        },
        {
          figure: "4",
          metric: `exported state per membership (${n} memberships; one resource's JSON)`,
          value: `${round(membership.stateBytes / n)} B (${perResource} B)`,
          target: "report",
        },
        {
          figure: "4",
          metric: `exported state per no-op resource (${n}; one resource's JSON)`,
          value: `${round(noop.stateBytes / n)} B (${median(noop.resources.map(bytes))} B)`,
          target: "report",
        },
      ],
      notes: [],
      details: { copies: copies.slice(0, 3), stateBytes: membership.stateBytes },
    };
  } finally {
    await env.stop();
  }
}
