/**
 * Figure 6, soak: `pulumi up` then `pulumi destroy` of 200 memberships (40 instances and 10
 * ENIs, 4 extra groups each) under a fault mix on every ECS call: 20% Throttling.User, 5%
 * ServiceUnavailable (503), 2% dropped connections (half of them after the change was made),
 * 2% answers slower than the SDK read timeout (made, then answered late), and targets in
 * transitional states. Compared with the same run without faults, side by side.
 */
import { PROGRESS_EVERY_MS } from "../provider/resilience/progress";
import { soakFaultMix } from "../testkit/fault-mix";
import { BenchEnv } from "./bench-env";
import { clean, cycle, cycleProblems } from "./cycle";
import type { BenchContext, FigureResult, Row } from "./figure-result";
import { log } from "./log";
import { spreadMemberships } from "./membership-specs";
import { round } from "./stats";
import { benchWorld } from "./world";

const INSTANCES = 40;
const ENIS = 10;
const N = 200;
const READ_TIMEOUT_MS = 2_000;
const TRANSITION_MS = 4_000;

/** The most status lines a command of `seconds` may print: one per membership per interval. */
const lineBound = (seconds: number) => N * Math.ceil((seconds * 1000) / PROGRESS_EVERY_MS);

/** Puts every fifth instance into Starting and every third ENI into Detaching for a while. */
async function transitions(env: BenchEnv) {
  const at = new Date(Date.now() + TRANSITION_MS).toISOString();
  await env.emulator.control.updateWorld((world) => {
    world.instances.forEach((i, n) => {
      if (n % 5 !== 0) return;
      i.status = "Starting";
      i.pendingStatus = { status: "Running", at };
    });
    world.networkInterfaces
      .filter((e) => e.type === "Secondary")
      .forEach((e, n) => {
        if (n % 3 !== 0) return;
        e.status = "Detaching";
        e.pendingStatus = { status: "Available", at };
      });
  });
}

export async function soak(_ctx: BenchContext): Promise<FigureResult> {
  const specs = spreadMemberships(N, INSTANCES, ENIS);
  const env = await new BenchEnv({ SG_MEMBERSHIP_READ_TIMEOUT_MS: String(READ_TIMEOUT_MS) }).start({
    fixture: benchWorld(INSTANCES, ENIS),
    config: { transitionMs: TRANSITION_MS },
  });
  try {
    log(`figure 6: ${N} memberships without faults`);
    const calm = await cycle(env, "memberships", specs);
    log(`figure 6: ${N} memberships under the fault mix`);
    for (const rule of soakFaultMix(READ_TIMEOUT_MS)) await env.emulator.control.addFault(rule);
    await env.emulator.control.clearRequests();
    await transitions(env);
    const stormy = await cycle(env, "memberships", specs, { between: () => transitions(env) });
    const entries = await env.emulator.control.requests();
    const faults = entries.filter((e) => e.fault).length;
    const codes: Record<string, number> = {};
    for (const e of entries) if (e.code) codes[e.code] = (codes[e.code] ?? 0) + 1;
    const time = (c: typeof calm) => c.up.seconds + c.destroy.seconds;
    const failed = stormy.failedUp + stormy.failedDestroy;
    const rows: Row[] = [
      {
        figure: "6",
        metric: `soak, ${N} memberships: failed resources / missing / leaked memberships or records`,
        value: `${failed} / ${stormy.missingAfterUp} / ${stormy.leakedAfterUp + stormy.leakedAfterDestroy}`,
        target: "0 / 0 / 0",
        pass: clean(stormy),
      },
      {
        figure: "6",
        metric: "soak time, up + destroy, with faults / without",
        value: `${round(time(stormy) / time(calm), 2)} (${round(time(stormy), 1)} s / ${round(time(calm), 1)} s)`,
        target: "report",
        pass: clean(calm) ? undefined : false,
      },
      {
        figure: "6",
        metric: `provider status lines under faults, up / destroy (at most 1 per membership per ${PROGRESS_EVERY_MS / 1000} s)`,
        value: `${stormy.up.providerLines.length} / ${stormy.destroy.providerLines.length} (without faults: ${calm.up.providerLines.length + calm.destroy.providerLines.length})`,
        target: "bounded",
        pass: [stormy.up, stormy.destroy].every(
          (run) => run.providerLines.length <= lineBound(run.seconds),
        ),
      },
      {
        figure: "6",
        metric: "ECS calls under faults / answered by a fault",
        value: `${entries.length} / ${faults} (${Object.entries(codes)
          .map(([c, n]) => `${c} ${n}`)
          .join(", ")})`,
        target: "report",
      },
    ];
    return {
      id: 6,
      title: "Soak",
      rows,
      notes: [
        ...stormy.up.providerLines.slice(0, 3).map((line) => `up under faults printed: ${line}`),
        ...stormy.destroy.providerLines
          .slice(0, 3)
          .map((line) => `destroy under faults printed: ${line}`),
        ...cycleProblems(stormy).map((p) => `with faults: ${p}`),
        ...cycleProblems(calm).map((p) => `without faults: ${p}`),
      ],
      details: {
        faults: soakFaultMix(READ_TIMEOUT_MS),
        calm: { up: round(calm.up.seconds), destroy: round(calm.destroy.seconds) },
        stormy: { up: round(stormy.up.seconds), destroy: round(stormy.destroy.seconds) },
        codes,
      },
    };
  } finally {
    await env.stop();
  }
}
