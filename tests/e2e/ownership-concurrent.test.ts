/**
 * Four stacks at once on overlapping targets, some memberships declared by several stacks
 * (adoptExisting on every resource that shares one), under the soak fault mix of
 * bench/soak.ts and write conflicts: four concurrent `pulumi up` processes, then four
 * concurrent `pulumi destroy`, twice; then two stacks destroyed while the other two come up on
 * the same memberships. No failed run, no missing or leaked membership, no record left.
 */
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type RequestLogEntry, type WorldSnapshot } from "../../emulator";
import { soakFaultMix } from "../../testkit/fault-mix";
import {
  allRecords,
  capture,
  CLI_TIMEOUT_MS,
  E2eWorld,
  groupsByTarget,
  type Membership,
  programCopy,
  recordOf,
  recordsByTarget,
} from "./helpers";

const READ_TIMEOUT_MS = 2_000;
const WRITE_CONFLICT_MS = 300;

const world = new E2eWorld({ env: { SG_MEMBERSHIP_READ_TIMEOUT_MS: String(READ_TIMEOUT_MS) } });
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
jest.setTimeout(300_000);

type Target = { instanceId: string } | { networkInterfaceId: string };
const targetId = (t: Target) => ("instanceId" in t ? t.instanceId : t.networkInterfaceId);

/** Memberships and the stacks (0..3) that declare them. */
const PLAN: [Target, string, number[]][] = [
  [{ instanceId: ids.web1 }, ids.appGroup, [0, 1, 2, 3]],
  [{ instanceId: ids.web1 }, ids.dbGroup, [0, 2]],
  [{ instanceId: ids.web1 }, ids.opsGroup, [1]],
  [{ instanceId: ids.web2 }, ids.appGroup, [0, 2]],
  [{ instanceId: ids.web2 }, ids.dbGroup, [1, 3]],
  [{ instanceId: ids.web2 }, ids.cacheGroup, [2]],
  [{ instanceId: ids.web3 }, ids.appGroup, [1, 3]],
  [{ instanceId: ids.web3 }, ids.opsGroup, [0]],
  [{ instanceId: ids.web3 }, ids.monitorGroup, [2, 3]],
  [{ networkInterfaceId: ids.attachedEni }, ids.dbGroup, [0, 3]],
  [{ networkInterfaceId: ids.availableEni }, ids.opsGroup, [1, 2]],
];
const STACKS = 4;

/** `i-bp1web1000000000000001` -> `web1`, `sg-bp1app00000000000001` -> `app`. */
const short = (id: string) => id.replace(/^(i|eni|sg)-bp1/, "").replace(/0+\d*$/, "");
const nameOf = (target: Target, group: string) => `${short(targetId(target))}-${short(group)}`;

function membershipsOf(stack: number): Membership[] {
  return PLAN.filter(([, , stacks]) => stacks.includes(stack)).map(([target, group, stacks]) => ({
    name: nameOf(target, group),
    ...target,
    securityGroupId: group,
    ...(stacks.length > 1 ? { adoptExisting: true } : {}),
  }));
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const start = Date.now();
  const result = await run();
  return { seconds: (Date.now() - start) / 1000, result };
}

type Run = { summary: { result: string } };
type Job = (onOutput: (out: string) => void) => Promise<Run>;

/**
 * Runs each job at once; every one must succeed. Returns the seconds each took and the
 * provider's notices among what they printed: memberships kept for another owner, and
 * memberships joined again for an owner that declared them while they were being removed.
 */
async function allAtOnce(
  jobs: Job[],
): Promise<{ seconds: number[]; kept: number; rejoined: number }> {
  const outputs = jobs.map(() => capture());
  const runs = await Promise.allSettled(
    jobs.map((job, n) => timed(() => job(outputs[n].onOutput))),
  );
  const failed = runs.flatMap((r, n) =>
    r.status === "rejected" ? [`run ${n}: ${String((r.reason as Error).message)}`] : [],
  );
  expect(failed).toEqual([]);
  const done = runs.map(
    (r) => (r as PromiseFulfilledResult<{ seconds: number; result: Run }>).value,
  );
  expect(done.map((d) => d.result.summary.result)).toEqual(jobs.map(() => "succeeded"));
  const text = outputs.map((o) => o.text()).join("\n");
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  return {
    seconds: done.map((d) => d.seconds),
    kept: count(/sg-membership: \S+: kept the membership/g),
    rejoined: count(/declared the membership while it was being removed/g),
  };
}

const stacks: Stack[] = [];
let original: Record<string, string[]>;
let before: WorldSnapshot;

beforeAll(async () => {
  await world.emulator.control.reset();
  before = await world.emulator.control.state();
  original = await groupsByTarget(world.emulator);
  const modules = join(world.program, "node_modules");
  for (let n = 0; n < STACKS; n++)
    stacks.push(await world.stack(membershipsOf(n), programCopy(modules)));
}, CLI_TIMEOUT_MS);
afterAll(async () => {
  for (const s of stacks) await s.workspace.removeStack(s.name, { force: true });
});

/** The ids of the mix's rules, as the request log names them. */
let mixRules: string[] = [];

/** Under the mix and write conflicts, with an empty log. */
async function storm(): Promise<string[]> {
  await world.emulator.control.reset();
  await world.emulator.control.setConfig({ writeConflictMs: WRITE_CONFLICT_MS });
  mixRules = [];
  for (const rule of soakFaultMix(READ_TIMEOUT_MS))
    mixRules.push(await world.emulator.control.addFault(rule));
  return mixRules;
}

/**
 * Exactly what the stacks in `up` declare is joined (no membership missing, none leaked) and
 * each target carries exactly one record per declaring resource of those stacks.
 */
async function expectDeclaredBy(up: number[]) {
  const groups = await groupsByTarget(world.emulator);
  const records = await recordsByTarget(world.emulator);
  let missing = 0;
  let leaked = 0;
  const wanted: Record<string, string[]> = {};
  const wantedRecords: Record<string, Record<string, string>> = {};
  for (const [target, group, declaring] of PLAN) {
    const id = targetId(target);
    const by = declaring.filter((n) => up.includes(n));
    wantedRecords[id] ??= {};
    if (by.length === 0) continue;
    (wanted[id] ??= []).push(group);
    for (const n of by)
      Object.assign(wantedRecords[id], recordOf(stacks[n], nameOf(target, group), group));
  }
  for (const [id, now] of Object.entries(groups)) {
    const extra = now.filter((g) => !original[id].includes(g));
    missing += (wanted[id] ?? []).filter((g) => !now.includes(g)).length;
    leaked += extra.filter((g) => !(wanted[id] ?? []).includes(g)).length;
    // The target's own groups stay as they were, in their order.
    expect(now.filter((g) => original[id].includes(g))).toEqual(original[id]);
  }
  expect({ missing, leaked }).toEqual({ missing: 0, leaked: 0 });
  for (const id of Object.keys(wantedRecords)) expect(records[id]).toEqual(wantedRecords[id]);
  return { missing, leaked };
}

async function expectPristine() {
  const after = await world.emulator.control.state();
  expect(after.networkInterfaces).toEqual(before.networkInterfaces);
  expect(after.instances.map((i) => i.tags)).toEqual(before.instances.map((i) => i.tags));
  expect(await allRecords(world.emulator)).toEqual([]);
}

/** Calls per action and answers per code of a phase, for the report. */
function figures(
  phase: string,
  log: RequestLogEntry[],
  run: Awaited<ReturnType<typeof allAtOnce>>,
): string {
  const byAction: Record<string, number> = {};
  const byCode: Record<string, number> = {};
  for (const e of log) {
    byAction[e.action] = (byAction[e.action] ?? 0) + 1;
    if (e.code) byCode[e.code] = (byCode[e.code] ?? 0) + 1;
  }
  const byMix = log.filter((e) => e.fault?.split(",").some((id) => mixRules.includes(id)));
  return (
    `${phase}: ${run.seconds.map((s) => `${s.toFixed(1)} s`).join(", ")}; ${log.length} ECS calls, ` +
    `${byMix.length} shaped by the fault mix, ` +
    `${byCode["InvalidOperation.Conflict"] ?? 0} write conflicts; ` +
    `notices: ${run.kept} kept for another owner, ${run.rejoined} joined again\n` +
    `    by action: ${JSON.stringify(byAction)}\n    by code: ${JSON.stringify(byCode)}`
  );
}

/** How often each rule of the mix fired. */
async function fired(ruleIds: string[]): Promise<string> {
  const names = [
    "Throttling.User",
    "ServiceUnavailable",
    "drop",
    "drop after apply",
    "slow after apply",
  ];
  const rules = await world.emulator.control.faults();
  return ruleIds
    .map((id, n) => `${names[n]} ${rules.find((r) => r.id === id)?.fired ?? "?"}`)
    .join(", ");
}

/** When `action` was first and last sent, in seconds from the first call in `log`. */
function span(log: RequestLogEntry[], action: string): string {
  const times = log.filter((e) => e.action === action).map((e) => Date.parse(e.time));
  if (times.length === 0) return "none";
  const t0 = Math.min(...log.map((e) => Date.parse(e.time)));
  const at = (t: number) => ((t - t0) / 1000).toFixed(1);
  return `${at(Math.min(...times))}-${at(Math.max(...times))} s`;
}

const ROUNDS = 2;
/**
 * Latency on every call while destroys race ups, so each side's steps (read, record, Join or
 * Leave, read) spread over seconds and interleave with the other's on the same memberships,
 * whichever process starts first.
 */
const RACE_LATENCY_MS = 600;
const ALL = [0, 1, 2, 3];

it(`four concurrent ups, then four concurrent destroys, ${ROUNDS} rounds under the soak fault mix and write conflicts`, async () => {
  const ruleIds = await storm();
  const lines: string[] = [
    `${STACKS} stacks, ${PLAN.length} memberships, ${PLAN.reduce((n, [, , s]) => n + s.length, 0)} resources`,
  ];
  for (let round = 1; round <= ROUNDS; round++) {
    await world.emulator.control.clearRequests();
    const up = await allAtOnce(stacks.map((s) => (onOutput) => s.up({ onOutput })));
    const upLog = await world.emulator.control.requests();
    await expectDeclaredBy(ALL);

    await world.emulator.control.clearRequests();
    const destroy = await allAtOnce(stacks.map((s) => (onOutput) => s.destroy({ onOutput })));
    const destroyLog = await world.emulator.control.requests();
    await expectPristine();
    lines.push(
      `round ${round}: missing 0, leaked 0, records left 0`,
      `  ${figures("up", upLog, up)}`,
      `  ${figures("destroy", destroyLog, destroy)}`,
    );
  }
  lines.push(`faults fired: ${await fired(ruleIds)}`);
  console.log(lines.join("\n"));
});

it("destroys racing ups of the same memberships in other stacks: the declared ones stay", async () => {
  const ruleIds = await storm();
  const lines: string[] = [];
  // Stacks 0 and 1 up; then they are destroyed while 2 and 3 come up on the same targets.
  await world.emulator.control.clearRequests();
  const first = await allAtOnce([0, 1].map((n) => (onOutput) => stacks[n].up({ onOutput })));
  await expectDeclaredBy([0, 1]);
  lines.push(`  ${figures("ups of stacks 0, 1", await world.emulator.control.requests(), first)}`);

  await world.emulator.control.clearRequests();
  const slow = await world.emulator.control.addFault({ action: "*", latencyMs: RACE_LATENCY_MS });
  const churn = await allAtOnce([
    (onOutput) => stacks[0].destroy({ onOutput }),
    (onOutput) => stacks[1].destroy({ onOutput }),
    (onOutput) => stacks[2].up({ onOutput }),
    (onOutput) => stacks[3].up({ onOutput }),
  ]);
  const churnLog = await world.emulator.control.requests();
  await world.emulator.control.removeFault(slow);
  await expectDeclaredBy([2, 3]);
  lines.push(
    `  ${figures("destroys of 0, 1 with ups of 2, 3", churnLog, churn)}`,
    `    the destroys' UntagResources at ${span(churnLog, "UntagResources")}, ` +
      `the ups' TagResources at ${span(churnLog, "TagResources")}`,
  );

  await world.emulator.control.clearRequests();
  const last = await allAtOnce([2, 3].map((n) => (onOutput) => stacks[n].destroy({ onOutput })));
  await expectPristine();
  lines.push(`  ${figures("destroys of 2, 3", await world.emulator.control.requests(), last)}`);
  lines.push(`faults fired: ${await fired(ruleIds)}`);
  console.log(
    ["racing destroys and ups: missing 0, leaked 0, records left 0", ...lines].join("\n"),
  );
});
