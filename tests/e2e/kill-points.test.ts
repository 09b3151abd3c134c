/**
 * The kill-point matrix: a `pulumi up` of 20 memberships SIGKILLed (its process group and the
 * plugins) at points defined by the emulator's request log, fault rules and the backend's
 * checkpoint; the dynamic-provider plugin killed alone; the emulator down for 0, 5 and 30 s
 * (restarted from its state file on the same port). After a kill: `pulumi cancel` if the file
 * backend holds a lock, then ONE plain `pulumi up`, which must converge: the cloud equals the
 * program (groups and ownership records), `preview --expect-no-changes` is clean, and
 * `pulumi destroy` leaves the targets as they were. After an outage the first up must succeed
 * by itself.
 *
 * The proof is the emulator's: what was in the cloud when the run died (records written, Joins
 * applied), and the calls the recovering up made — exactly one TagResources for each membership
 * without a record and one Join that lands for each membership not joined (the Joins of those
 * the killed run made answer "already a member"), no Untag, no Leave.
 *
 * What Pulumi CLI 3.276 does, as seen here: the file backend always locks a stack during an
 * update (there is no opt-in variable), so a killed up leaves a lock and the next `up` fails with
 * "the stack is currently locked by 1 lock(s) ... `pulumi cancel`"; a plugin killed alone fails
 * the in-flight creates and the up ends normally, lock released. The next plain `up` warns
 * "Attempting to deploy or update resources with N pending operations from previous deployment"
 * and proceeds, creating those resources again; it keeps the pending CREATE operations in the
 * checkpoint (so do later ups and `destroy`) until `pulumi refresh --clear-pending-creates`.
 * A kill can also leave an empty `.attrs` file in the backend (see removeEmptyAttrs).
 */
import { OUTAGE_BACKOFF } from "../../provider/resilience/backoff";
import { PROGRESS_AFTER_MS } from "../../provider/resilience/progress";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import {
  DEFAULT_IDS as ids,
  defaultWorld,
  type FaultRule,
  type RequestLogEntry,
  type StoredFaultRule,
} from "../../emulator";
import { pulumiCli } from "../../testkit/pulumi-cli";
import {
  allRecords,
  backendCheckpoint,
  backendLocks,
  capture,
  CLI_TIMEOUT_MS,
  countByAction,
  errorAnswers,
  groupsByTarget,
  killDynamicProviders,
  killRun,
  type CliRun,
  type Membership,
  MEMBERSHIP_TYPE,
  recordOf,
  recordsByTarget,
  removeEmptyAttrs,
  RestartableE2eWorld,
  spawnCli,
} from "./helpers";

const PROJECT = "sg-membership-e2e";
const world = new RestartableE2eWorld();
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(async () => {
  printTable();
  await world.stop();
});
jest.setTimeout(240_000);

// 20 memberships over 6 targets (3 running instances, a stopped one, an attached and an
// available ENI), each target at most 4 extra groups: within the 5-groups-per-target limit.
const PLAN: [string, "instanceId" | "networkInterfaceId", string[]][] = [
  [ids.web1, "instanceId", [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup]],
  [ids.web2, "instanceId", [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup]],
  [ids.web3, "instanceId", [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup]],
  [ids.stopped, "instanceId", [ids.dbGroup, ids.opsGroup, ids.cacheGroup]],
  [ids.attachedEni, "networkInterfaceId", [ids.appGroup, ids.dbGroup, ids.opsGroup]],
  [ids.availableEni, "networkInterfaceId", [ids.dbGroup, ids.opsGroup]],
];
const short = (id: string) => id.replace(/^(i|eni|sg)-bp1/, "").replace(/0+\d?$/, "");
const MEMBERSHIPS: Membership[] = PLAN.flatMap(([target, key, groups]) =>
  groups.map((securityGroupId) => ({
    name: `m-${short(target)}-${short(securityGroupId)}`,
    [key]: target,
    securityGroupId,
  })),
);
const TARGETS = PLAN.map(([target]) => target);
/** Every instance's and ENI's groups in the default world, by the ID groupsByTarget uses. */
const ORIGINAL: Record<string, string[]> = Object.fromEntries(
  defaultWorld().networkInterfaces.map((e) => [
    e.type === "Primary" && e.instanceId ? e.instanceId : e.networkInterfaceId,
    e.securityGroupIds,
  ]),
);

const DESCRIBES = ["DescribeInstances", "DescribeNetworkInterfaces"];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a poll sees while the up runs. */
interface Progress {
  log: RequestLogEntry[];
  faults: StoredFaultRule[];
  /** Memberships the engine has written to the backend's checkpoint. */
  recorded: number;
}
const answered = (p: Progress, ...actions: string[]) =>
  p.log.filter((r) => actions.includes(r.action) && r.status === 200).length;
const fired = (p: Progress, ...actions: string[]) =>
  p.faults.filter((f) => actions.includes(f.action ?? "*")).reduce((n, f) => n + f.fired, 0);

/** How long a held request is held: far longer than a kill takes, short enough to be gone soon after. */
const HOLD_MS = 10_000;
/** A request held and then dropped: it never reaches the cloud. */
const heldUnapplied = (action: string, count?: number): FaultRule => ({
  action,
  latencyMs: HOLD_MS,
  drop: true,
  ...(count ? { count } : {}),
});
/** A write carried out at once whose answer is held. */
const appliedAnswerHeld = (action: string, count?: number): FaultRule => ({
  action,
  latencyMs: HOLD_MS,
  afterApply: true,
  ...(count ? { count } : {}),
});

interface KillPoint {
  name: string;
  /** Fault rules from the start of the up. */
  faults?: FaultRule[];
  /** Fault rules added once `when` holds. */
  arm?: { when: (p: Progress) => boolean; faults: FaultRule[] };
  /** Kill once this holds (after arming). */
  until: (p: Progress) => boolean;
  /** `run`: the CLI's process group and every plugin; `plugin`: the dynamic provider alone. */
  kill?: "run" | "plugin";
  /** The checkpoint must lack some memberships when the run dies. */
  unrecorded?: boolean;
}

const KILL_POINTS: KillPoint[] = [
  {
    name: "1st TagResources reached the cloud, held unapplied (no write yet)",
    faults: [heldUnapplied("TagResources")],
    until: (p) => fired(p, "TagResources") >= 1,
  },
  { name: "1st TagResources answered", until: (p) => answered(p, "TagResources") >= 1 },
  {
    name: "1st TagResources applied, its answer held",
    faults: [appliedAnswerHeld("TagResources", 1)],
    until: (p) => fired(p, "TagResources") >= 1,
  },
  {
    name: "every TagResources applied, answers held (6 or more)",
    faults: [appliedAnswerHeld("TagResources")],
    until: (p) => fired(p, "TagResources") >= 6,
  },
  {
    name: "between TagResources and Join: Joins held unapplied (3 or more)",
    faults: [heldUnapplied("JoinSecurityGroup")],
    until: (p) => fired(p, "JoinSecurityGroup") >= 3,
  },
  {
    name: "1st Join applied, its answer held",
    faults: [appliedAnswerHeld("JoinSecurityGroup", 1)],
    until: (p) => fired(p, "JoinSecurityGroup") >= 1,
  },
  { name: "1st Join answered", until: (p) => answered(p, "JoinSecurityGroup") >= 1 },
  { name: "5th Join answered", until: (p) => answered(p, "JoinSecurityGroup") >= 5 },
  { name: "10th Join answered", until: (p) => answered(p, "JoinSecurityGroup") >= 10 },
  { name: "20th (last) Join answered", until: (p) => answered(p, "JoinSecurityGroup") >= 20 },
  {
    name: "confirm Describes held after the 3rd Join",
    arm: {
      when: (p) => answered(p, "JoinSecurityGroup") >= 3,
      faults: DESCRIBES.map((a) => heldUnapplied(a)),
    },
    until: (p) => fired(p, ...DESCRIBES) >= 1,
  },
  {
    name: "all 20 Joins answered, reads slowed (not all recorded by the engine)",
    faults: DESCRIBES.map((action) => ({ action, latencyMs: 1500 })),
    until: (p) => answered(p, "JoinSecurityGroup") >= 20,
    unrecorded: true,
  },
  { name: "engine recorded 10 memberships", until: (p) => p.recorded >= 10 },
  {
    name: "dynamic-provider plugin killed alone after the 5th Join",
    until: (p) => answered(p, "JoinSecurityGroup") >= 5,
    kill: "plugin",
  },
];

/** One line of the summary table printed at the end. */
interface Row {
  point: string;
  /** Tag/Join answers in the log: when the trigger held, and all of the killed run's. */
  atKill: string;
  /** Records and Joins in the cloud after the run died; memberships and pending operations in the checkpoint. */
  cloudAtKill: string;
  /** The backend after the kill: a lock (then `pulumi cancel`), empty `.attrs` files. */
  lock: string;
  /** The calls the recovering up made. */
  recovery: string;
  /** Error answers in the log (killed run, recovery). */
  errors: string;
  /** Pending operations in the checkpoint after the recovering up and after destroy. */
  pending: string;
  seconds: number;
  result: string;
}
const rows: Row[] = [];
const newRow = (point: string): Row => {
  const row: Row = {
    point,
    atKill: "",
    cloudAtKill: "",
    lock: "",
    recovery: "",
    errors: "",
    pending: "",
    seconds: 0,
    result: "FAIL",
  };
  rows.push(row);
  return row;
};

function printTable() {
  if (rows.length === 0) return;
  const cols: (keyof Row)[] = [
    "point",
    "atKill",
    "cloudAtKill",
    "lock",
    "recovery",
    "errors",
    "pending",
    "seconds",
    "result",
  ];
  const width = (c: keyof Row) => Math.max(c.length, ...rows.map((r) => String(r[c]).length));
  const line = (r: Record<keyof Row, unknown>) =>
    cols.map((c) => String(r[c]).padEnd(width(c))).join(" | ");
  console.log(
    [
      line(Object.fromEntries(cols.map((c) => [c, c])) as Record<keyof Row, string>),
      ...rows.map((r) => line(r)),
    ].join("\n"),
  );
}

function errorsText(what: string, log: RequestLogEntry[]) {
  const errors = Object.entries(errorAnswers(log));
  return errors.length === 0 ? "" : `${what}: ${errors.map(([k, n]) => `${k}×${n}`).join(" ")}`;
}
const fmt = (counts: Record<string, number>, actions: string[]) =>
  actions.map((a) => `${a.replace(/SecurityGroup|Resources|Describe/g, "")}=${counts[a] ?? 0}`);
const CALLS = ["TagResources", "JoinSecurityGroup", "UntagResources", "LeaveSecurityGroup"];

/** The membership's records and groups now: how many records, how many joined. */
async function cloudProgress(stack: Stack) {
  const groups = await groupsByTarget(world.emulator);
  const records = await recordsByTarget(world.emulator);
  let withRecord = 0;
  let joined = 0;
  for (const m of MEMBERSHIPS) {
    const target = (m.instanceId ?? m.networkInterfaceId)!;
    const [key] = Object.keys(recordOf(stack, m.name, m.securityGroupId));
    if (key in records[target]) withRecord++;
    if (groups[target].includes(m.securityGroupId)) joined++;
  }
  return { withRecord, joined };
}

/** The cloud equals the program: groups and exactly one record per declared membership. */
async function expectCloudEqualsProgram(stack: Stack) {
  const groups = await groupsByTarget(world.emulator);
  const records = await recordsByTarget(world.emulator);
  for (const [target, , declared] of PLAN) {
    expect([...groups[target]].sort()).toEqual([...ORIGINAL[target], ...declared].sort());
    const expected = Object.assign(
      {},
      ...MEMBERSHIPS.filter((m) => (m.instanceId ?? m.networkInterfaceId) === target).map((m) =>
        recordOf(stack, m.name, m.securityGroupId),
      ),
    );
    expect(records[target]).toEqual(expected);
  }
  // No record on anything that is not a target (a primary ENI, say).
  for (const [id, tags] of Object.entries(records)) {
    if (!TARGETS.includes(id)) expect(tags).toEqual({});
  }
}

async function expectCloudAsOriginal() {
  const groups = await groupsByTarget(world.emulator);
  for (const [id, original] of Object.entries(ORIGINAL)) expect(groups[id]).toEqual(original);
  expect(await allRecords(world.emulator)).toEqual([]);
}

/** Memberships in the stack's checkpoint as the backend holds it now. */
function memberships(stack: Stack) {
  return (
    backendCheckpoint(world.backend, PROJECT, stack.name)?.resources.filter(
      (r) => r.type === MEMBERSHIP_TYPE,
    ).length ?? 0
  );
}
const pendingInCheckpoint = (stack: Stack) =>
  backendCheckpoint(world.backend, PROJECT, stack.name)?.pendingOperations.length ?? 0;

/** What the CLI says about the pending operations a killed run left; printed once. */
let pendingWarningShown = false;
/** Whether `up` has been seen refusing a stack whose lock a killed run left; checked once. */
let lockRefusalSeen = false;

async function pendingOperations(stack: Stack): Promise<number> {
  const { deployment } = await stack.exportStack();
  return (deployment.pending_operations ?? []).length;
}

/** Polls the log, the faults and the checkpoint until `until` holds (arming first). */
async function waitFor(
  stack: Stack,
  since: string,
  point: Pick<KillPoint, "arm" | "until">,
  limitMs = 120_000,
) {
  const control = world.emulator.control;
  let armed = !point.arm;
  const started = Date.now();
  for (;;) {
    const p: Progress = {
      // (Since the case began: a request held in an earlier case may be logged only now.)
      log: await control.requests({ since }),
      faults: await control.faults(),
      recorded: memberships(stack),
    };
    if (!armed && point.arm!.when(p)) {
      for (const rule of point.arm!.faults) await control.addFault(rule);
      armed = true;
      continue;
    }
    if (armed && point.until(p)) return p;
    if (Date.now() - started > limitMs) throw new Error(`kill point not reached in ${limitMs} ms`);
    await pause(20);
  }
}

async function freshCase(): Promise<Stack> {
  await world.emulator.control.reset();
  await world.emulator.control.setConfig({ transitionMs: 200 });
  return world.stack(MEMBERSHIPS);
}

/** One plain `pulumi up`; then the cloud, preview, destroy. Returns the recovery's calls. */
async function recoverAndCheck(stack: Stack, row: Row) {
  const since = new Date().toISOString();
  const out = capture();
  const up = await stack.up({ onOutput: out.onOutput });
  const log = await world.requestsSince(since);
  const calls = countByAction(log);
  const joined = log.filter((r) => r.action === "JoinSecurityGroup" && r.status === 200).length;
  row.recovery = fmt(calls, CALLS).join(" ");
  row.errors = [row.errors, errorsText("recovery", log)].filter(Boolean).join("; ");
  expect(up.summary.result).toBe("succeeded");
  // The warning shows in the progress and again, whole, under Diagnostics: the last one.
  const text = out.text();
  const at = text.lastIndexOf("warning: Attempting to deploy");
  const warning = at < 0 ? undefined : text.slice(at, text.indexOf("CREATE operations.", at) + 18);
  if (warning && !pendingWarningShown) {
    pendingWarningShown = true;
    console.log(`the recovering up's warning:\n${warning}`);
  }
  await expectCloudEqualsProgram(stack);
  for (const m of MEMBERSHIPS) {
    expect(up.outputs[m.name].value).toMatchObject({ adopted: false });
  }
  const pendingAfterUp = await pendingOperations(stack);
  await stack.preview({ expectNoChanges: true });
  let cleared = "";
  if (pendingAfterUp > 0 && !pendingClearedOnce) {
    // Once: the pending CREATEs a plain up keeps are cleared by refresh --clear-pending-creates,
    // which changes nothing in the cloud.
    pendingClearedOnce = true;
    const before = new Date().toISOString();
    await stack.refresh({ clearPendingCreates: true });
    expect(await pendingOperations(stack)).toBe(0);
    const refreshCalls = countByAction(await world.requestsSince(before));
    expect(Object.keys(refreshCalls).filter((a) => !a.startsWith("Describe"))).toEqual([]);
    await expectCloudEqualsProgram(stack);
    await stack.preview({ expectNoChanges: true });
    cleared = ", 0 after refresh --clear-pending-creates";
  }
  const destroy = await stack.destroy();
  expect(destroy.summary.result).toBe("succeeded");
  await expectCloudAsOriginal();
  const pendingAfterDestroy = await pendingOperations(stack);
  row.pending = `${warning ? "warned, " : ""}${pendingAfterUp} after up${cleared}, ${pendingAfterDestroy} after destroy`;
  await removeStack(stack);
  return { calls, joined };
}

let pendingClearedOnce = false;
let stackRmRefusal: string | undefined;

/** `pulumi stack rm` (of a destroyed stack); with --force only if it refuses, which is noted once. */
async function removeStack(stack: Stack) {
  try {
    await stack.workspace.removeStack(stack.name);
  } catch (error) {
    if (stackRmRefusal === undefined) {
      stackRmRefusal = String(error);
      console.log(`pulumi stack rm refused a destroyed stack:\n${stackRmRefusal}`);
    }
    await stack.workspace.removeStack(stack.name, { force: true });
  }
}

test.each(KILL_POINTS.map((p) => [p.name, p] as const))("killed up: %s", async (_name, point) => {
  const started = Date.now();
  const row = newRow(point.name);
  const stack = await freshCase();
  const caseStart = new Date().toISOString();
  for (const rule of point.faults ?? []) await world.emulator.control.addFault(rule);
  const run = spawnCli(
    (await pulumiCli()).command,
    ["up", "--yes", "--non-interactive", "--skip-preview", "--stack", stack.name],
    world.program,
    world.envVars(),
  );
  try {
    const p = await waitFor(stack, caseStart, point);
    row.atKill = `trigger: ${fmt(countByAction(p.log), CALLS.slice(0, 2)).join(" ")}`;
    if (point.kill === "plugin") await killPluginOnly(run, row);
    else await killWholeRun(run);
  } finally {
    if (run.child.exitCode === null && run.child.signalCode === null)
      await killRun(run, world.program);
  }
  await world.emulator.control.clearFaults();
  await pause(300); // a request already sent when the run died is carried out meanwhile
  // (Since this case began: a request held in an earlier case may be logged only now.)
  const killedLog = await world.emulator.control.requests({ since: caseStart });
  row.atKill += `; all: ${fmt(countByAction(killedLog), CALLS.slice(0, 2)).join(" ")}`;
  row.errors = errorsText("killed run", killedLog);
  const atKill = await cloudProgress(stack);
  if (point.unrecorded) expect(memberships(stack)).toBeLessThan(MEMBERSHIPS.length);
  row.cloudAtKill =
    `records=${atKill.withRecord} joined=${atKill.joined}; ` +
    `checkpoint: ${memberships(stack)} + ${pendingInCheckpoint(stack)} pending` +
    row.cloudAtKill;

  await releaseBackend(stack, point.name, row);
  const { calls, joined } = await recoverAndCheck(stack, row);
  // Exactly the missing work: a record for each membership without one, a Join that lands for
  // each not joined. (Every create sends its Join; one the killed run made is "already a member".)
  expect(calls.TagResources ?? 0).toBe(MEMBERSHIPS.length - atKill.withRecord);
  expect(joined).toBe(MEMBERSHIPS.length - atKill.joined);
  expect(calls.JoinSecurityGroup ?? 0).toBeLessThanOrEqual(MEMBERSHIPS.length);
  expect(calls.UntagResources ?? 0).toBe(0);
  expect(calls.LeaveSecurityGroup ?? 0).toBe(0);
  row.seconds = Math.round((Date.now() - started) / 1000);
  row.result = "pass";
});

async function killWholeRun(run: CliRun) {
  const killed = await killRun(run, world.program);
  const hosts = killed.running.filter((r) => r.command.includes("pulumi-language-nodejs"));
  expect(hosts).toHaveLength(1);
  // Our host (tools/language-hosts/cmd/pulumi-language-nodejs, built by ensure-pulumi-cli.sh beside its
  // .build-key) goes with the engine and takes its program along; the official host, of a
  // pulumi found on PATH instead, would wait up to 5 minutes.
  const hostBinary = hosts[0].command.split(" ")[0];
  if (existsSync(join(dirname(hostBinary), ".build-key"))) expect(killed.left).toEqual([]);
}

/** Kills the dynamic-provider plugin alone: the engine fails its creates and the up ends. */
async function killPluginOnly(run: CliRun, row: Row) {
  expect(killDynamicProviders(world.program).length).toBeGreaterThan(0);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    run.exited,
    new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), 120_000))),
  ]);
  clearTimeout(timer);
  if (code === "timeout") throw new Error("the up did not end after its plugin was killed");
  row.cloudAtKill = `; up exited ${code}`;
  const errors = new Set(run.output().match(/error: error reading from server[^\n]*/g) ?? []);
  console.log(`plugin killed: the up exited ${code}, saying ${[...errors].join(" | ")}`);
}

/**
 * Gets the backend usable after a kill: empty `.attrs` files removed (the file backend's own
 * hazard, see removeEmptyAttrs), then `pulumi cancel` if and only if a lock is left.
 */
async function releaseBackend(stack: Stack, point: string, row: Row) {
  const emptyAttrs = removeEmptyAttrs(world.backend);
  if (emptyAttrs.length > 0) {
    console.log(
      `${point}: the kill left empty backend files (removed; else every command fails with ` +
        `"failed to load checkpoint: EOF"):\n${emptyAttrs.join("\n")}`,
    );
  }
  const locks = backendLocks(world.backend, PROJECT, stack.name);
  row.lock = locks.length > 0 ? "lock → cancel" : "no lock";
  if (emptyAttrs.length > 0) row.lock += `; ${emptyAttrs.length} empty .attrs removed`;
  if (locks.length > 0 && !lockRefusalSeen) {
    lockRefusalSeen = true;
    const refused = await stack.up().then(
      () => "",
      (e: unknown) => String(e),
    );
    expect(refused).toMatch(/the stack is currently locked by 1 lock\(s\)/);
    console.log(
      `up before cancel: ${/error: the stack is currently locked[^\n]*/.exec(refused)?.[0]}`,
    );
  }
  if (locks.length > 0) await stack.cancel();
  expect(backendLocks(world.backend, PROJECT, stack.name)).toEqual([]);
}

const OUTAGES: [string, number, number][] = [
  ["emulator restarted from its state file after the 10th Join", 0, 10],
  ["emulator down 5 s after the 5th Join", 5_000, 5],
  ["emulator down 30 s after the 5th Join", 30_000, 5],
];

test.each(OUTAGES)("up through an outage: %s", async (name, downMs, afterJoins) => {
  const started = Date.now();
  const row = newRow(name);
  row.lock = "-";
  const stack = await freshCase();
  world.requestsBeforeRestarts.length = 0;
  const since = new Date().toISOString();
  const out = capture();
  const up = stack.up({ onOutput: out.onOutput });
  // However the test ends, the up has ended first: it must not run on into the next case.
  const settled = up.then(
    () => undefined,
    () => undefined,
  );
  try {
    await throughOutage(name, downMs, afterJoins, stack, up, out, since, row);
  } finally {
    await settled;
  }
  row.seconds = Math.round((Date.now() - started) / 1000);
  row.result = "pass";
});

async function throughOutage(
  name: string,
  downMs: number,
  afterJoins: number,
  stack: Stack,
  up: ReturnType<Stack["up"]>,
  out: ReturnType<typeof capture>,
  since: string,
  row: Row,
) {
  const p = await Promise.race([
    waitFor(stack, since, { until: (q) => answered(q, "JoinSecurityGroup") >= afterJoins }),
    up.then(() => {
      throw new Error("the up ended before the outage");
    }),
  ]);
  row.atKill = fmt(countByAction(p.log), CALLS.slice(0, 2)).join(" ");
  const before = await cloudProgress(stack);
  const recordedAtStop = memberships(stack);
  await world.restartEmulator(downMs);
  // The world came back from the state file: nothing done before the stop was lost.
  const after = await cloudProgress(stack);
  expect(after.joined).toBeGreaterThanOrEqual(before.joined);
  expect(after.withRecord).toBeGreaterThanOrEqual(before.withRecord);
  row.cloudAtKill =
    `at stop: records=${before.withRecord} joined=${before.joined} checkpoint=${recordedAtStop}; ` +
    `at restart: records=${after.withRecord} joined=${after.joined}`;
  const result = await up;
  expect(result.summary.result).toBe("succeeded");
  const notices = [...new Set(out.text().match(/sg-membership: [^\n]*/g) ?? [])];
  console.log(`${name}: ${notices.length} notices, e.g.\n${notices.slice(0, 2).join("\n")}`);
  const log = await world.requestsSince(since);
  const calls = countByAction(log);
  row.errors = errorsText("up", log);
  row.recovery = `the up itself: ${fmt(calls, CALLS).join(" ")}; ${notices.length} notices`;
  // Whatever a long outage met (a write, a read, a confirmation), the plugin said it was
  // waiting; a short one may end before any operation has waited long enough to print a line.
  if (downMs > PROGRESS_AFTER_MS + OUTAGE_BACKOFF.capMs) expect(notices.length).toBeGreaterThan(0);
  await expectCloudEqualsProgram(stack);
  // (The counts are not exact: a call answered just before the stop is missing from the log.)
  expect(calls.UntagResources ?? 0).toBe(0);
  expect(calls.LeaveSecurityGroup ?? 0).toBe(0);
  await stack.preview({ expectNoChanges: true });
  const destroy = await stack.destroy();
  expect(destroy.summary.result).toBe("succeeded");
  await expectCloudAsOriginal();
  row.pending = `${await pendingOperations(stack)} after up and destroy`;
  await removeStack(stack);
}
