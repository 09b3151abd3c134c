/**
 * The ownership cases of issue #11 for the native provider plugin, with a Pulumi YAML program
 * (official YAML host) through the real CLI against the emulator:
 * - a `pulumi up` SIGKILLed (the CLI's process group and the plugin) between the ownership
 *   record and the Join, and after the Join applied with its answer held; the plugin killed
 *   alone after a Join. A `pulumi refresh` after the kill only reads; one plain `pulumi up`
 *   (after `pulumi cancel` if a lock is left) converges, doing only the missing work, and
 *   `pulumi destroy` puts the targets back;
 * - two native stacks declaring one membership: the second's destroy keeps it for the first;
 * - a dynamic stack (the TypeScript e2e program) and a native stack sharing one membership,
 *   each seeing the other's record.
 * Kill points are set by the emulator's request log and its fault rules (holds).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type FaultRule, type RequestLogEntry } from "../../emulator";
import { nativePluginDir } from "../../testkit/native-plugin";
import { pulumiCli } from "../../testkit/pulumi-cli";
import {
  allRecords,
  backendCheckpoint,
  capture,
  CLI_TIMEOUT_MS,
  countByAction,
  E2eWorld,
  faultsFired,
  groupsByTarget,
  killNativeProviders,
  killRun,
  NATIVE_MEMBERSHIP_TYPE,
  nativeProviders,
  recordOf,
  recordsByTarget,
  releaseAfterKill,
  spawnCli,
} from "./helpers";
import type { MembershipDecl } from "./native/program";
import { yamlLanguage } from "./native/yaml";

jest.setTimeout(240_000);

const PROJECT = "sg-native-ownership-e2e";
const native = { project: PROJECT, type: NATIVE_MEMBERSHIP_TYPE };
const world = new E2eWorld();
let dir: string;
let plugins: string;
let path: string;

beforeAll(async () => {
  plugins = nativePluginDir();
  dir = mkdtempSync(join(tmpdir(), "sg-native-ownership-"));
  path = (await yamlLanguage.prepare(dir, PROJECT, plugins)).PATH;
  await world.start();
}, CLI_TIMEOUT_MS);
afterAll(() => world.stop());
beforeEach(async () => {
  await world.emulator.control.reset();
  await world.emulator.control.setConfig({ transitionMs: 200 });
});

const envVars = () => ({ ...world.envVars(), PATH: path });
let counter = 0;
async function nativeStack(resources: Record<string, MembershipDecl>): Promise<Stack> {
  yamlLanguage.write(dir, { resources });
  return LocalWorkspace.createStack(
    { stackName: `native-own-${process.pid}-${++counter}`, workDir: dir },
    { envVars: envVars(), pulumiCommand: await pulumiCli() },
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOLD_MS = 10_000;
/** Every Join held and then dropped: none reaches the cloud. */
const joinsHeldUnapplied: FaultRule = {
  action: "JoinSecurityGroup",
  latencyMs: HOLD_MS,
  drop: true,
};
/** Every Join carried out at once, its answer held. */
const joinsAnswerHeld: FaultRule = {
  action: "JoinSecurityGroup",
  latencyMs: HOLD_MS,
  afterApply: true,
};

/** Three memberships on three targets (two instances, one ENI). */
const PLAN = [
  { name: "web1-app", target: ids.web1, key: "instanceId", group: ids.appGroup },
  { name: "web3-db", target: ids.web3, key: "instanceId", group: ids.dbGroup },
  { name: "eni-ops", target: ids.attachedEni, key: "networkInterfaceId", group: ids.opsGroup },
];
const RESOURCES: Record<string, MembershipDecl> = Object.fromEntries(
  PLAN.map((m) => [m.name, { properties: { [m.key]: m.target, securityGroupId: m.group } }]),
);

/** How many of PLAN's memberships have their record, and how many are joined. */
async function cloudProgress(stack: Stack) {
  const groups = await groupsByTarget(world.emulator);
  const records = await recordsByTarget(world.emulator);
  const withRecord = PLAN.filter((m) => {
    const [key] = Object.keys(recordOf(stack, m.name, m.group, native));
    return key in records[m.target];
  }).length;
  const joined = PLAN.filter((m) => groups[m.target].includes(m.group)).length;
  return { withRecord, joined };
}

/** The cloud equals the program: each target joined, with exactly this stack's one record. */
async function expectCloudEqualsProgram(stack: Stack) {
  const groups = await groupsByTarget(world.emulator);
  const records = await recordsByTarget(world.emulator);
  for (const m of PLAN) {
    expect(groups[m.target]).toEqual([ids.webGroup, m.group]);
    expect(records[m.target]).toEqual(recordOf(stack, m.name, m.group, native));
  }
}

async function expectCloudAsOriginal() {
  const groups = await groupsByTarget(world.emulator);
  for (const m of PLAN) expect(groups[m.target]).toEqual([ids.webGroup]);
  expect(await allRecords(world.emulator)).toEqual([]);
}

/** Memberships the engine has written to the stack's checkpoint. */
const inCheckpoint = (stack: Stack) =>
  backendCheckpoint(world.backend, PROJECT, stack.name)?.resources.filter(
    (r) => r.type === NATIVE_MEMBERSHIP_TYPE,
  ).length ?? 0;

/** The calls that changed something: successful writes, by action. */
const writesIn = (log: RequestLogEntry[]) =>
  countByAction(log.filter((r) => !r.action.startsWith("Describe") && r.status === 200));

/** One plain `pulumi up`: converges with only `expected` writes; then preview and destroy. */
async function recoverAndCheck(stack: Stack, expected: Record<string, number>) {
  const since = new Date().toISOString();
  const up = await stack.up();
  expect(up.summary.result).toBe("succeeded");
  const log = await world.emulator.control.requests({ since });
  expect(writesIn(log)).toEqual(expected);
  await expectCloudEqualsProgram(stack);
  for (const m of PLAN) expect(up.outputs[m.name].value).toEqual([ids.webGroup, m.group]);
  const { deployment } = await stack.exportStack();
  const resources = (deployment.resources ?? []) as {
    type: string;
    urn: string;
    outputs: object;
  }[];
  for (const r of resources.filter((x) => x.type === NATIVE_MEMBERSHIP_TYPE))
    expect(r.outputs).toMatchObject({ adopted: false, owner: r.urn });
  await stack.preview({ expectNoChanges: true });
  await stack.destroy();
  await expectCloudAsOriginal();
}

/** Starts `pulumi up` of `stack` as its own process group, under `faults`. */
async function spawnUp(stack: Stack, faults: FaultRule[]) {
  for (const rule of faults) await world.emulator.control.addFault(rule);
  return spawnCli(
    (await pulumiCli()).command,
    ["up", "--yes", "--non-interactive", "--skip-preview", "--stack", stack.name],
    dir,
    envVars(),
  );
}

/** Ends the run by `kill`, then clears the faults; returns the cloud as the run left it. */
async function afterKill(stack: Stack, kill: () => Promise<void>) {
  await kill();
  await world.emulator.control.clearFaults();
  await pause(300); // a request already sent when the run died is carried out meanwhile
  return cloudProgress(stack);
}

test.each([
  ["between the records and the Joins (Joins held, not applied)", joinsHeldUnapplied, 0],
  ["after the Joins (applied, answers held)", joinsAnswerHeld, PLAN.length],
] as const)("a killed up converges on the next plain up: %s", async (_name, fault, joined) => {
  const stack = await nativeStack(RESOURCES);
  const run = await spawnUp(stack, [fault]);
  await faultsFired(world.emulator, PLAN.length);
  const atKill = await afterKill(stack, async () => {
    const killed = await killRun(run, dir);
    // The kill took the plugin, which the engine starts in the program's directory.
    expect(killed.running.some((p) => /native[/\\]main\.js/.test(p.command))).toBe(true);
    // (A SIGKILLed process may show for a moment before it is gone.)
    for (const started = Date.now(); nativeProviders(dir).length > 0; await pause(50))
      if (Date.now() - started > 5_000) throw new Error("the native plugin outlived its kill");
  });
  // Every record was written before any Join was sent, and the engine recorded none.
  expect(atKill).toEqual({ withRecord: PLAN.length, joined });
  expect(inCheckpoint(stack)).toBe(0);
  // The killed CLI leaves the file backend's lock: `pulumi cancel` first.
  expect((await releaseAfterKill(world.backend, PROJECT, stack)).locked).toBe(true);
  // A refresh first only reads: it changes nothing in the cloud, and the up after it is the same.
  const beforeRefresh = new Date().toISOString();
  await stack.refresh();
  expect(writesIn(await world.emulator.control.requests({ since: beforeRefresh }))).toEqual({});
  // Only the Joins not made: no record written again, none removed, nothing left.
  await recoverAndCheck(stack, joined === 0 ? { JoinSecurityGroup: PLAN.length } : {});
});

test("a plugin killed alone after a Join fails that up; the next plain up converges", async () => {
  const stack = await nativeStack(RESOURCES);
  const run = await spawnUp(stack, [{ ...joinsAnswerHeld, count: 1 }]);
  await faultsFired(world.emulator, 1);
  await afterKill(stack, async () => {
    expect(killNativeProviders(dir).length).toBeGreaterThan(0);
    expect(await run.exited).not.toBe(0);
  });
  // The engine fails the creates in flight and says the plugin exited.
  expect(run.output()).toContain("error reading from server: EOF");
  expect(run.output()).toMatch(/pulumi-resource-alicloud-sg-membership exited prematurely/);
  expect((await releaseAfterKill(world.backend, PROJECT, stack)).locked).toBe(false);
  // The held Join was made; what else the run did before the kill varies, so counts are not fixed.
  const before = await cloudProgress(stack);
  expect(before.joined).toBeGreaterThanOrEqual(1);
  const since = new Date().toISOString();
  const up = await stack.up();
  const writes = writesIn(await world.emulator.control.requests({ since }));
  expect(up.summary.result).toBe("succeeded");
  expect(writes.TagResources ?? 0).toBe(PLAN.length - before.withRecord);
  expect(writes.JoinSecurityGroup ?? 0).toBe(PLAN.length - before.joined);
  expect(writes.UntagResources).toBeUndefined();
  expect(writes.LeaveSecurityGroup).toBeUndefined();
  await expectCloudEqualsProgram(stack);
  await stack.preview({ expectNoChanges: true });
  await stack.destroy();
  await expectCloudAsOriginal();
});

/** One membership (web2 in the ops group) that stacks share, each with adoptExisting. */
const SHARED = { instanceId: ids.web2, securityGroupId: ids.opsGroup, adoptExisting: true };
const sharedGroups = async () => (await groupsByTarget(world.emulator))[ids.web2];
const sharedRecords = async () => (await recordsByTarget(world.emulator))[ids.web2];
const writesSince = async (since: string) =>
  writesIn(await world.emulator.control.requests({ since }));

test("two native stacks share a membership: the second's destroy keeps it for the first", async () => {
  const a = await nativeStack({ shared: { properties: SHARED } });
  const b = await nativeStack({ shared: { properties: SHARED } });
  let since = new Date().toISOString();
  await a.up();
  expect(await writesSince(since)).toEqual({ TagResources: 1, JoinSecurityGroup: 1 });
  since = new Date().toISOString();
  await b.up();
  // B takes part: its record only.
  expect(await writesSince(since)).toEqual({ TagResources: 1 });
  expect(await sharedRecords()).toEqual({
    ...recordOf(a, "shared", ids.opsGroup, native),
    ...recordOf(b, "shared", ids.opsGroup, native),
  });

  since = new Date().toISOString();
  const out = capture();
  await b.destroy({ onOutput: out.onOutput });
  expect(await writesSince(since)).toEqual({ UntagResources: 1 });
  expect(await sharedGroups()).toEqual([ids.webGroup, ids.opsGroup]);
  expect(await sharedRecords()).toEqual(recordOf(a, "shared", ids.opsGroup, native));
  expect(out.text()).toContain(
    `${ids.region}/${ids.web2}/${ids.opsGroup}: kept the membership, which ` +
      `"${PROJECT}/${a.name}/shared" still declares; removed only this resource's record`,
  );
  await a.preview({ expectNoChanges: true });

  since = new Date().toISOString();
  await a.destroy();
  expect(await writesSince(since)).toEqual({ LeaveSecurityGroup: 1, UntagResources: 1 });
  expect(await sharedGroups()).toEqual([ids.webGroup]);
  expect(await allRecords(world.emulator)).toEqual([]);
});

test("a dynamic and a native stack share a membership, each keeping it for the other", async () => {
  const dynamic = await world.stack([{ name: "shared", ...SHARED }]);
  const nat = await nativeStack({ shared: { properties: SHARED } });
  let since = new Date().toISOString();
  await dynamic.up();
  expect(await writesSince(since)).toEqual({ TagResources: 1, JoinSecurityGroup: 1 });
  since = new Date().toISOString();
  await nat.up();
  expect(await writesSince(since)).toEqual({ TagResources: 1 });
  const { deployment } = await nat.exportStack();
  const state = deployment.resources.find(
    (r: { type: string }) => r.type === NATIVE_MEMBERSHIP_TYPE,
  );
  expect(state.outputs).toMatchObject({ adopted: true });
  expect(await sharedRecords()).toEqual({
    ...recordOf(dynamic, "shared", ids.opsGroup),
    ...recordOf(nat, "shared", ids.opsGroup, native),
  });

  // The dynamic stack goes first: the native stack's record keeps the membership.
  since = new Date().toISOString();
  const out = capture();
  await dynamic.destroy({ onOutput: out.onOutput });
  expect(await writesSince(since)).toEqual({ UntagResources: 1 });
  expect(await sharedGroups()).toEqual([ids.webGroup, ids.opsGroup]);
  expect(out.text()).toContain(`"${PROJECT}/${nat.name}/shared" still declares`);
  await nat.refresh();
  await nat.preview({ expectNoChanges: true });

  since = new Date().toISOString();
  await nat.destroy();
  expect(await writesSince(since)).toEqual({ LeaveSecurityGroup: 1, UntagResources: 1 });
  expect(await sharedGroups()).toEqual([ids.webGroup]);
  expect(await allRecords(world.emulator)).toEqual([]);
});
