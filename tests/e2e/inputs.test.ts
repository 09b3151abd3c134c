/**
 * Bad and secret inputs as users meet them through the real CLI (issue #12, "Errors a user
 * reads"): the constructor's own checks read like Pulumi's input errors (the message, no stack),
 * check's messages quote values escaped and cut, and a secret ID part gets one warning while
 * the outputs derived from it stay secret. No case makes an API call at preview.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids } from "../../emulator";
import {
  CLI_TIMEOUT_MS,
  E2eWorld,
  failure,
  groupsByTarget,
  type Membership,
  membershipsInState,
  membershipUrn,
  programCopy,
  setMemberships,
} from "./helpers";

/**
 * The e2e program, but an entry's `secret` lists the arguments it wraps in `pulumi.secret`, and
 * each membership's derived outputs are stack outputs of their own (`<name>Groups`, …), so the
 * CLI says which are secret.
 */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { SecurityGroupMembership } = require("pulumi-alicloud-sg-membership");

const outputs = {};
for (const { name, secret = [], ...args } of new pulumi.Config().requireObject("memberships")) {
  for (const key of secret) args[key] = pulumi.secret(args[key]);
  const membership = new SecurityGroupMembership(name, args);
  outputs[name + "Id"] = membership.id;
  outputs[name + "Groups"] = membership.targetSecurityGroupIds;
  outputs[name + "Target"] = membership.targetId;
  outputs[name + "Kind"] = membership.targetKind;
}
module.exports = outputs;
`;

const program = programCopy();
writeFileSync(join(program, "index.js"), PROGRAM);
const world = new E2eWorld({ programDir: program });
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
beforeEach(() => world.emulator.control.reset());
jest.setTimeout(180_000);

/** An entry of the `memberships` config, bad ones included. */
const entry = (fields: Record<string, unknown>) => fields as unknown as Membership;

/** What a stack trace in the CLI's output would look like. */
const STACK_FRAME = /\n\s+at \S|at Object\.<anonymous>|\.js:\d+|unhandled exception/;

/** Diagnostics of a run, by severity. */
function diagnostics(events: EngineEvent[], severity: "warning" | "error") {
  return events.flatMap((e) =>
    e.diagnosticEvent?.severity === severity ? [e.diagnosticEvent] : [],
  );
}

/** This resource's warnings (not the CLI's own, such as a missing package.json). */
const membershipWarnings = (events: EngineEvent[]) =>
  diagnostics(events, "warning").filter((w) => w.message.includes("SecurityGroupMembership"));

async function expectNoApiCall() {
  expect(await world.emulator.control.requests()).toEqual([]);
}

describe("the constructor's checks read like Pulumi's own input errors", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await world.stack([]);
  });
  afterAll(() => stack.workspace.removeStack(stack.name));

  // prettier-ignore
  const cases: [string, Record<string, unknown>, string][] = [
    ["neither target", { securityGroupId: ids.appGroup }, 'SecurityGroupMembership "bad": exactly one of instanceId or networkInterfaceId is required (neither given).'],
    ["both targets", { securityGroupId: ids.appGroup, instanceId: ids.web1, networkInterfaceId: ids.attachedEni }, 'SecurityGroupMembership "bad": exactly one of instanceId or networkInterfaceId is required (both given).'],
    ["no group", { instanceId: ids.web1 }, 'SecurityGroupMembership "bad": securityGroupId is required.'],
    ["nothing at all", {}, 'SecurityGroupMembership "bad": securityGroupId is required.'],
    ["a typo and no target", { securityGroupId: ids.appGroup, instanceID: ids.web1 }, 'SecurityGroupMembership "bad": exactly one of instanceId or networkInterfaceId is required (neither given) (instanceID: did you mean instanceId?).'],
    ["an output passed", { securityGroupId: ids.appGroup, instanceId: ids.web1, targetKind: "instance" }, 'SecurityGroupMembership "bad": targetKind is an output, not an argument.'],
    ["id, which the SDK would drop", { securityGroupId: ids.appGroup, instanceId: ids.web1, id: "x" }, 'SecurityGroupMembership "bad": id is reserved by Pulumi for the resource\'s own ID and cannot be an argument'],
    ["an unknown argument", { securityGroupId: ids.appGroup, instanceId: ids.web1, colour: "blue" }, 'SecurityGroupMembership "bad": colour is not an argument; the arguments are securityGroupId, instanceId, networkInterfaceId, regionId, adoptExisting, timeouts.'],
  ];

  test.each(cases)("%s: the message, no stack, no API call", async (_name, args, message) => {
    await setMemberships(stack, [entry({ name: "bad", ...args })]);
    const events: EngineEvent[] = [];
    const text = await failure(stack.preview({ onEvent: (e) => events.push(e) }));
    expect(text).toContain(message);
    expect(text).not.toMatch(STACK_FRAME);
    const errors = diagnostics(events, "error");
    expect(errors.map((e) => e.message.trim())).toContainEqual(expect.stringContaining(message));
    for (const error of errors) expect(error.message).not.toMatch(STACK_FRAME);
    await expectNoApiCall();
  });

  it("a null target is not given: null instanceId beside an ENI joins the ENI", async () => {
    await setMemberships(stack, [
      entry({
        name: "eni",
        securityGroupId: ids.opsGroup,
        instanceId: null,
        networkInterfaceId: ids.attachedEni,
      }),
    ]);
    const events: EngineEvent[] = [];
    await stack.preview({ onEvent: (e) => events.push(e) });
    expect(membershipWarnings(events)).toEqual([]);
    await expectNoApiCall();
    expect((await stack.up()).summary.result).toBe("succeeded");
    expect((await groupsByTarget(world.emulator))[ids.attachedEni]).toContain(ids.opsGroup);
    await stack.destroy();
    expect((await groupsByTarget(world.emulator))[ids.attachedEni]).not.toContain(ids.opsGroup);
  });
});

describe("check quotes values escaped and cut", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await world.stack([]);
  });
  afterAll(() => stack.workspace.removeStack(stack.name));

  const longGroup = `sg-${"a".repeat(9997)}`;
  // prettier-ignore
  const cases: [string, Record<string, unknown>, string][] = [
    ["a 10,000-character group ID", { securityGroupId: longGroup, instanceId: ids.web1 }, `securityGroupId must be at most 64 characters, got "sg-${"a".repeat(37)}…" (10000 characters)`],
    ["a 5,003-character region", { securityGroupId: ids.appGroup, instanceId: ids.web1, regionId: `cn-${"b".repeat(5000)}` }, `regionId must be at most 32 characters, got "cn-${"b".repeat(37)}…" (5003 characters)`],
    ["a Cyrillic а in the group", { securityGroupId: "sg-bp1\u0430pp00000000000001", instanceId: ids.web1 }, 'got "sg-bp1\\u0430pp00000000000001" (\\u0430 at character 7 is not printable ASCII)'],
    ["a zero-width space in the instance", { securityGroupId: ids.appGroup, instanceId: `${ids.web1}\u200b` }, `got "${ids.web1}\\u200b" (\\u200b at character 25 is not printable ASCII)`],
    ["a repeated unit", { securityGroupId: ids.appGroup, instanceId: ids.web1, timeouts: { create: "1m1m1m" } }, 'timeouts.create must give each unit at most once, in the order h, m, s, ms (e.g. "1h30m", "2m30s"), got "1m1m1m"'],
    ["a 1 ms deadline", { securityGroupId: ids.appGroup, instanceId: ids.web1, timeouts: { read: "1ms" } }, 'timeouts.read must be at least 1s (a shorter deadline ends before one ECS request is answered), got "1ms"'],
  ];

  test.each(cases)("%s: named, readable, short, no API call", async (_name, args, reason) => {
    await setMemberships(stack, [entry({ name: "bad", ...args })]);
    const events: EngineEvent[] = [];
    const text = await failure(stack.preview({ onEvent: (e) => events.push(e) }));
    expect(text).toContain(reason);
    // The engine no longer echoes the raw value beside the reason.
    expect(text).not.toContain("a".repeat(100));
    expect(text).not.toContain("b".repeat(100));
    expect(text).not.toMatch(/[\u0430\u200b]/);
    for (const line of text.split("\n")) expect(line.length).toBeLessThan(1000);
    const errors = diagnostics(events, "error").map((e) => e.message);
    expect(errors).toContainEqual(expect.stringContaining(reason));
    await expectNoApiCall();
  });
});

describe("secret inputs", () => {
  const SECRET_SIG = "4dabf18193072939515e22adb298388d";
  const isSecretValue = (value: unknown) =>
    typeof value === "object" && value !== null && SECRET_SIG in value;
  const idWarnings = (events: EngineEvent[]) =>
    membershipWarnings(events).filter((w) =>
      w.message.includes("Pulumi cannot make a resource ID secret"),
    );

  it("a secret group: one warning at preview; its outputs stay secret, the ID cannot", async () => {
    const stack = await world.stack([
      entry({
        name: "web",
        securityGroupId: ids.appGroup,
        instanceId: ids.web1,
        secret: ["securityGroupId"],
      }),
    ]);
    const events: EngineEvent[] = [];
    await stack.preview({ onEvent: (e) => events.push(e) });
    const warnings = idWarnings(events);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].urn).toBe(membershipUrn(stack, "web"));
    expect(warnings[0].message.trim()).toBe(
      'SecurityGroupMembership "web": securityGroupId is a secret, but the resource ID ' +
        "(<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>) holds it in plain " +
        "text, in the state and in the CLI's output: Pulumi cannot make a resource ID secret " +
        "(pulumi/pulumi#2717). The outputs securityGroupId and targetSecurityGroupIds stay secret.",
    );
    expect(warnings[0].message).not.toMatch(STACK_FRAME);
    await expectNoApiCall();

    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const outputs = await stack.outputs();
    expect(outputs.webGroups.secret).toBe(true);
    expect(outputs.webGroups.value).toContain(ids.appGroup);
    expect(outputs.webTarget).toEqual({ value: ids.web1, secret: false });
    expect(outputs.webKind).toEqual({ value: "instance", secret: false });
    // Documented: the ID is never secret.
    expect(outputs.webId).toEqual({
      value: `${ids.region}/${ids.web1}/${ids.appGroup}`,
      secret: false,
    });
    const { web } = await membershipsInState(stack);
    expect(isSecretValue(web.outputs.securityGroupId)).toBe(true);
    expect(isSecretValue(web.outputs.targetSecurityGroupIds)).toBe(true);
    expect(web.outputs.targetId).toBe(ids.web1);

    await stack.destroy();
    expect((await groupsByTarget(world.emulator))[ids.web1]).toEqual([ids.webGroup]);
    await stack.workspace.removeStack(stack.name);
  });

  it("a secret target: targetId stays secret, targetKind tells nothing and is not", async () => {
    const stack = await world.stack([
      entry({
        name: "eni",
        securityGroupId: ids.opsGroup,
        networkInterfaceId: ids.attachedEni,
        secret: ["networkInterfaceId"],
      }),
    ]);
    const events: EngineEvent[] = [];
    expect((await stack.up({ onEvent: (e) => events.push(e) })).summary.result).toBe("succeeded");
    expect(idWarnings(events)).toHaveLength(1);
    const outputs = await stack.outputs();
    expect(outputs.eniTarget).toEqual({ value: ids.attachedEni, secret: true });
    expect(outputs.eniKind).toEqual({ value: "networkInterface", secret: false });
    expect(outputs.eniGroups.secret).toBe(false);
    const { eni } = await membershipsInState(stack);
    expect(isSecretValue(eni.outputs.networkInterfaceId)).toBe(true);
    expect(isSecretValue(eni.outputs.targetId)).toBe(true);
    await stack.destroy();
    await stack.workspace.removeStack(stack.name);
  });

  it("no secret, no warning", async () => {
    const stack = await world.stack([
      entry({ name: "plain", securityGroupId: ids.appGroup, instanceId: ids.web1 }),
    ]);
    const events: EngineEvent[] = [];
    await stack.preview({ onEvent: (e) => events.push(e) });
    expect(membershipWarnings(events)).toEqual([]);
    await expectNoApiCall();
    await stack.workspace.removeStack(stack.name);
  });
});
