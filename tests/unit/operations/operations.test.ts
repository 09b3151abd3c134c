/**
 * Control flow of the operations over an in-memory EcsApi (retry, classification,
 * coordination). Wire behaviour is covered against ecs-emulator in tests/integration.
 */

import { TargetCoordinator } from "../../../provider/concurrency/coordination";
import type { CheckedInputs } from "../../../provider/schema/model";
import {
  createMembership,
  deleteMembership,
  readMembership,
  updateMembership,
  type OperationDeps,
} from "../../../provider/operations/operations";
import {
  PartialCreateError,
  SecurityGroupMembershipError,
} from "../../../provider/operations/operation-errors";
import { TargetReader } from "../../../provider/concurrency/target-reader";
import { RecordPolicy } from "../../../provider/operations/record-writes";
import { FakeClock } from "../helpers/fake-clock";
import { ecsError, FakeEcs } from "../helpers/fake-ecs";

function setup(ecs = new FakeEcs()) {
  const clock = new FakeClock(0.5);
  const deps: OperationDeps = {
    api: ecs,
    reader: new TargetReader(ecs, { windowMs: 0, maxWaitMs: 0 }),
    coordinator: new TargetCoordinator(),
    clock,
    records: new RecordPolicy(true),
  };
  return { ecs, clock, deps };
}

const onInstance = (extra: Partial<CheckedInputs> = {}): CheckedInputs => ({
  securityGroupId: "sg-1",
  instanceId: "i-1",
  regionId: "cn-hangzhou",
  adoptExisting: false,
  __provider: "SHIM",
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}

describe("create", () => {
  test("common path: one Join, one read", async () => {
    const { ecs, deps } = setup(new FakeEcs().addTarget("i-1", ["sg-0"]));
    const result = await createMembership(onInstance(), deps);
    expect(result).toEqual({
      id: "cn-hangzhou/i-1/sg-1",
      outs: {
        securityGroupId: "sg-1",
        instanceId: "i-1",
        networkInterfaceId: null,
        regionId: "cn-hangzhou",
        adoptExisting: false,
        timeouts: null,
        owner: null,
        targetKind: "instance",
        targetId: "i-1",
        adopted: false,
        targetSecurityGroupIds: ["sg-0", "sg-1"],
      },
    });
    expect(ecs.calls.map((c) => c.action)).toEqual(["JoinSecurityGroup", "DescribeInstances"]);
    expect(JSON.parse(JSON.stringify(result.outs))).toEqual(result.outs); // JSON-clean
  });

  test("an ENI is read back with DescribeNetworkInterfaces", async () => {
    const { ecs, deps } = setup(new FakeEcs().addTarget("eni-1", ["sg-0"]));
    const { id, outs } = await createMembership(
      {
        securityGroupId: "sg-1",
        networkInterfaceId: "eni-1",
        regionId: "cn-hangzhou",
        adoptExisting: false,
      },
      deps,
    );
    expect(id).toBe("cn-hangzhou/eni-1/sg-1");
    expect(outs).toMatchObject({
      targetKind: "networkInterface",
      instanceId: null,
      networkInterfaceId: "eni-1",
    });
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "JoinSecurityGroup",
      "DescribeNetworkInterfaces",
    ]);
  });

  test("already a member: fails and says how to adopt (no read)", async () => {
    const { ecs, deps } = setup(new FakeEcs().addTarget("i-1", ["sg-0", "sg-1"]));
    const error = await rejection(createMembership(onInstance(), deps));
    expect(error).toBeInstanceOf(SecurityGroupMembershipError);
    expect(error.message).toMatch(
      /^JoinSecurityGroup failed for instance i-1, security group sg-1, region cn-hangzhou: InvalidInstanceId\.AlreadyExists \(HTTP 403, RequestId REQ-\d+\): .* What to do: .*set adoptExisting: true/,
    );
    expect(ecs.calls.map((c) => c.action)).toEqual(["JoinSecurityGroup"]);
  });

  test("already a member with adoptExisting: adopted, one Join and one read", async () => {
    const { ecs, deps } = setup(new FakeEcs().addTarget("i-1", ["sg-0", "sg-1"]));
    const { outs } = await createMembership(onInstance({ adoptExisting: true }), deps);
    expect(outs.adopted).toBe(true);
    expect(ecs.calls.map((c) => c.action)).toEqual(["JoinSecurityGroup", "DescribeInstances"]);
  });

  test.each([false, true])(
    "our own Join's answer was lost, the retry says already a member: success, not adopted (adoptExisting %s)",
    async (adoptExisting) => {
      const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
      ecs.script("JoinSecurityGroup", {
        applyFirst: true,
        error: ecsError("JoinSecurityGroup", "ECONNRESET", { transport: true }),
      });
      const { deps } = setup(ecs);
      const { outs } = await createMembership(onInstance({ adoptExisting }), deps);
      expect(outs.adopted).toBe(false);
      expect(ecs.count("JoinSecurityGroup")).toBe(2);
    },
  );

  test("a refused connection is not a lost answer: already a member stays an error", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0", "sg-1"]);
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "ECONNREFUSED", { transport: true }),
    );
    const { deps } = setup(ecs);
    expect((await rejection(createMembership(onInstance(), deps))).message).toMatch(
      /adoptExisting: true/,
    );
  });

  test.each([
    ["InvalidSecurityGroupId.NotFound", /does not exist in this region/],
    ["InvalidInstanceId.NotFound", /does not exist in this region/],
    ["InvalidOperation.MultiGroupType", /of one type \(basic or advanced\)/],
    ["InvalidInstanceId.Mismatch", /same VPC/],
    ["InstanceSecurityGroupLimitExceeded", /5 by default/],
    ["Forbidden.RAM", /ecs:JoinSecurityGroup/],
    ["Weird.Code", /"Weird\.Code" \(an ECS code this provider does not know, quoted verbatim\)/],
  ])("%s is fatal at once, with its hint", async (code, hint) => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", code, { status: 400 }));
    const { deps } = setup(ecs);
    const error = await rejection(createMembership(onInstance(), deps));
    expect(error.message).toMatch(hint);
    expect(error.message).toMatch(
      /instance i-1, security group sg-1.*RequestId REQ-\d+.*What to do:/,
    );
    expect(error).toMatchObject({ code, errorClass: "fatal", attempts: 1 });
    expect(ecs.count("JoinSecurityGroup")).toBe(1);
  });

  test("throttling and transient errors are retried", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "Throttling.User", { retryAfterMs: 300 }),
      ecsError("JoinSecurityGroup", "InvalidOperation.Conflict", { status: 409 }),
      ecsError("JoinSecurityGroup", "NonJsonResponse", { transport: true }),
    );
    const { deps, clock } = setup(ecs);
    const { outs } = await createMembership(onInstance(), deps);
    expect(outs.adopted).toBe(false); // the lost answer did not apply here: Join 4 succeeded normally
    expect(ecs.count("JoinSecurityGroup")).toBe(4);
    expect(clock.sleeps[0]).toBe(300);
  });

  test("a busy instance is waited for, then joined", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"], "Starting");
    ecs.targets.get("i-1")!.statusSequence = ["Starting", "Running"];
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "IncorrectInstanceStatus", { status: 403 }),
    );
    const { deps } = setup(ecs);
    await createMembership(onInstance(), deps);
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "JoinSecurityGroup",
      "DescribeInstanceAttribute",
      "DescribeInstanceAttribute",
      "JoinSecurityGroup",
      "DescribeInstances",
    ]);
  });

  test("a busy instance that vanishes makes create fail", async () => {
    const ecs = new FakeEcs();
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "Forbidden.InstanceIsBeingCreated", { status: 403 }),
    );
    const { deps } = setup(ecs);
    expect((await rejection(createMembership(onInstance(), deps))).message).toMatch(
      /the target no longer exists/,
    );
  });

  test("the create deadline ends the retries: attempts and last error in the message", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    for (let i = 0; i < 50; i++)
      ecs.script(
        "JoinSecurityGroup",
        ecsError("JoinSecurityGroup", "ServiceUnavailable", { status: 503 }),
      );
    const { deps } = setup(ecs);
    const error = await rejection(
      createMembership(onInstance({ timeouts: { create: "10s" } }), deps),
    );
    const attempts = ecs.count("JoinSecurityGroup");
    expect(error.message).toMatch(
      new RegExp(
        `^JoinSecurityGroup did not succeed for instance i-1, security group sg-1, region cn-hangzhou within 10s \\(timeouts\\.create\\) after ${attempts} attempts; last error: ServiceUnavailable \\(HTTP 503, RequestId REQ-\\d+\\)`,
      ),
    );
    expect(error).toMatchObject({ attempts, code: "ServiceUnavailable" });
  });

  test("lost answers until the deadline: the message says the membership may exist", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    for (let i = 0; i < 50; i++)
      ecs.script(
        "JoinSecurityGroup",
        ecsError("JoinSecurityGroup", "ReadTimeout", { transport: true }),
      );
    const { deps } = setup(ecs);
    const error = await rejection(
      createMembership(onInstance({ timeouts: { create: "5s" } }), deps),
    );
    expect(error.message).toMatch(/RequestId none.*may now be in the group/);
  });

  test("a membership that shows late is polled for", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    ecs.staleDescribes = 2;
    const { deps } = setup(ecs);
    const { outs } = await createMembership(onInstance(), deps);
    expect(outs.targetSecurityGroupIds).toEqual(["sg-0", "sg-1"]);
    expect(ecs.count("DescribeInstances")).toBe(3);
  });

  test("a membership that never shows: partial create, recorded with its ID and __provider", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    ecs.staleDescribes = 10_000;
    const { deps } = setup(ecs);
    const error = await rejection(createMembership(onInstance(), deps));
    expect(error).toBeInstanceOf(PartialCreateError);
    expect(error.id).toBe("cn-hangzhou/i-1/sg-1");
    expect(error.properties).toMatchObject({
      __provider: "SHIM",
      securityGroupId: "sg-1",
      adopted: false,
    });
    expect(error.message).toMatch(
      /JoinSecurityGroup succeeded .* could not be confirmed: DescribeInstances did not show instance i-1 in sg-1 after 1m5\d+s .*pulumi refresh/,
    );
  });
});

describe("read", () => {
  const state = {
    adopted: true,
    adoptExisting: true,
    timeouts: { read: "1m" },
    __provider: "SHIM",
  };

  test("present: outputs refreshed, settings kept", async () => {
    const { deps } = setup(new FakeEcs().addTarget("i-1", ["sg-1", "sg-9"]));
    const { id, props } = await readMembership("cn-hangzhou/i-1/sg-1", state, deps);
    expect(id).toBe("cn-hangzhou/i-1/sg-1");
    expect(props).toMatchObject({
      adopted: true,
      adoptExisting: true,
      timeouts: { read: "1m" },
      targetSecurityGroupIds: ["sg-1", "sg-9"],
    });
  });

  test.each([
    ["the group was removed", new FakeEcs().addTarget("i-1", ["sg-9"])],
    ["the instance is gone", new FakeEcs()],
  ])("gone when %s", async (_name, ecs) => {
    const { deps } = setup(ecs);
    expect(await readMembership("cn-hangzhou/i-1/sg-1", state, deps)).toEqual({
      id: "",
      props: {},
    });
  });

  test("by ID alone (get): outputs built from the ID", async () => {
    const { deps } = setup(new FakeEcs().addTarget("eni-7", ["sg-1"]));
    const { props } = await readMembership("cn-beijing/eni-7/sg-1", {}, deps);
    expect(props).toMatchObject({
      regionId: "cn-beijing",
      networkInterfaceId: "eni-7",
      targetKind: "networkInterface",
      adopted: false,
    });
  });

  test("transient errors are retried; fatal ones carry the action", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-1"]);
    ecs.script(
      "DescribeInstances",
      ecsError("DescribeInstances", "ServiceUnavailable", { status: 503 }),
    );
    const { deps } = setup(ecs);
    expect((await readMembership("cn-hangzhou/i-1/sg-1", state, deps)).id).toBe(
      "cn-hangzhou/i-1/sg-1",
    );
    ecs.script(
      "DescribeInstances",
      ecsError("DescribeInstances", "Forbidden.RAM", { status: 403 }),
    );
    expect((await rejection(readMembership("cn-hangzhou/i-1/sg-1", state, deps))).message).toMatch(
      /^DescribeInstances failed for instance i-1/,
    );
  });

  test("a malformed ID says what an ID looks like", async () => {
    const { deps } = setup();
    await expect(readMembership("i-1/sg-1", {}, deps)).rejects.toThrow(
      /expected "<regionId>\/<instanceId or networkInterfaceId>\/<securityGroupId>"/,
    );
  });
});

describe("update", () => {
  test("rewrites outputs from the new settings, keeps what was observed, calls nothing", async () => {
    const { ecs, deps } = setup();
    const olds = { adopted: true, targetSecurityGroupIds: ["sg-0", "sg-1"], adoptExisting: false };
    const { outs } = await updateMembership(
      olds,
      onInstance({ adoptExisting: true, timeouts: { delete: "1m" } }),
      deps,
    );
    expect(ecs.calls).toEqual([]);
    expect(outs).toMatchObject({
      adopted: true,
      adoptExisting: true,
      timeouts: { delete: "1m" },
      targetSecurityGroupIds: ["sg-0", "sg-1"],
    });
  });
});

describe("delete", () => {
  test("without an owner: a read, one Leave, a read", async () => {
    const { ecs, deps } = setup(new FakeEcs().addTarget("i-1", ["sg-0", "sg-1"]));
    await deleteMembership("cn-hangzhou/i-1/sg-1", {}, deps);
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "DescribeInstances",
      "LeaveSecurityGroup",
      "DescribeInstances",
    ]);
    expect(ecs.targets.get("i-1")!.groups).toEqual(["sg-0"]);
  });

  test.each([
    ["not a member", new FakeEcs().addTarget("i-1", ["sg-0"])],
    ["instance gone", new FakeEcs()],
  ])("already absent (%s) is success", async (_name, ecs) => {
    const { deps } = setup(ecs);
    await expect(deleteMembership("cn-hangzhou/i-1/sg-1", {}, deps)).resolves.toBeUndefined();
  });

  test("legacy InstanceNotInSecurityGroup is success too", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0", "sg-1"]);
    ecs.script(
      "LeaveSecurityGroup",
      ecsError("LeaveSecurityGroup", "InstanceNotInSecurityGroup", { status: 403 }),
    );
    const { deps } = setup(ecs);
    await expect(deleteMembership("cn-hangzhou/i-1/sg-1", {}, deps)).resolves.toBeUndefined();
  });

  test.each([
    ["i-1", "InstanceLastSecurityGroup", "instance i-1"],
    ["eni-1", "InvalidOperation.AtLeastInOneGroup", "network interface eni-1"],
  ])(
    "the last group (%s) is fatal, naming target and group and what to do",
    async (target, code, name) => {
      const { deps } = setup(new FakeEcs().addTarget(target, ["sg-1"]));
      const error = await rejection(deleteMembership(`cn-hangzhou/${target}/sg-1`, {}, deps));
      expect(error.message).toMatch(
        new RegExp(
          `^LeaveSecurityGroup failed for ${name}, security group sg-1, region cn-hangzhou: ${code.replace(".", "\\.")}`,
        ),
      );
      expect(error.message).toMatch(/Add it to another group first.*pulumi state delete/);
    },
  );

  test("the last group, while a Join for the same target is in flight: waits for it, then leaves", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-1"]);
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "Throttling.User", { retryAfterMs: 1_000 }),
    );
    const { deps } = setup(ecs);
    // Reads go out at once (no batching window), so the delete's read lands while the Join backs off.
    const now = { set: (run: () => void) => (queueMicrotask(run), 0), clear: () => undefined };
    deps.reader = new TargetReader(ecs, {
      windowMs: 0,
      maxWaitMs: 0,
      timers: { ...now, defer: queueMicrotask },
    });
    const create = createMembership(onInstance({ securityGroupId: "sg-2" }), deps);
    await new Promise((r) => setImmediate(r)); // the Join was throttled and is backing off
    await deleteMembership("cn-hangzhou/i-1/sg-1", {}, deps);
    await create;
    expect(ecs.targets.get("i-1")!.groups).toEqual(["sg-2"]);
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "JoinSecurityGroup",
      "DescribeInstances", // no other owner declares it
      "LeaveSecurityGroup", // last group: a Join is in flight, so wait
      "JoinSecurityGroup",
      "DescribeInstances",
      "LeaveSecurityGroup",
      "DescribeInstances", // no owner appeared meanwhile
    ]);
  });

  test("a busy target that disappears while waiting is gone: success", async () => {
    const ecs = new FakeEcs();
    ecs.script(
      "LeaveSecurityGroup",
      ecsError("LeaveSecurityGroup", "IncorrectInstanceStatus", { status: 403 }),
    );
    const { deps } = setup(ecs);
    await expect(deleteMembership("cn-hangzhou/i-1/sg-1", {}, deps)).resolves.toBeUndefined();
  });
});
