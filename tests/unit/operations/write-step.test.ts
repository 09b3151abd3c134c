/**
 * One Join or Leave through `runWrite` over an in-memory EcsApi: the per-target write lock,
 * retries with backoff on the fake clock, waiting for the target's state, gone and fatal.
 */

import { TargetCoordinator } from "../../../provider/concurrency/coordination";
import { CODE_GROUPS } from "../../../provider/errors/error-classes";
import { RetryStop } from "../../../provider/resilience/retry";
import { runWrite, WRITE_ACTIONS, type WriteDeps } from "../../../provider/operations/write-step";
import type { MembershipRef, TargetRef } from "../../../provider/schema/model";
import { FakeClock } from "../helpers/fake-clock";
import { ecsError, FakeEcs } from "../helpers/fake-ecs";

const instance: TargetRef = { kind: "instance", id: "i-1", regionId: "cn-hangzhou" };
const other: TargetRef = { kind: "instance", id: "i-2", regionId: "cn-hangzhou" };
const eni: TargetRef = { kind: "networkInterface", id: "eni-1", regionId: "cn-hangzhou" };
const member = (target: TargetRef, securityGroupId = "sg-1"): MembershipRef => ({
  target,
  securityGroupId,
});

function setup<E extends FakeEcs>(ecs: E) {
  const clock = new FakeClock(0.5);
  const deps: WriteDeps = { api: ecs, coordinator: new TargetCoordinator(), clock };
  return { ecs, clock, deps, start: clock.now(), deadline: clock.now() + 60_000 };
}

async function stopOf(promise: Promise<unknown>): Promise<RetryStop> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RetryStop) return error;
    throw error;
  }
  throw new Error("expected a RetryStop");
}

/** Let everything that can run without the clock run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Writes that hang until the test finishes them, to see which are in flight together. */
class GatedEcs extends FakeEcs {
  readonly started: string[] = [];
  private readonly gates = new Map<string, () => void>();

  finish(key: string): void {
    this.gates.get(key)!();
  }

  private gate(key: string): Promise<void> {
    this.started.push(key);
    return new Promise((resolve) => this.gates.set(key, resolve));
  }

  override async joinSecurityGroup(request: MembershipRef) {
    await this.gate(`${request.target.id}+${request.securityGroupId}`);
    return super.joinSecurityGroup(request);
  }

  override async leaveSecurityGroup(request: MembershipRef) {
    await this.gate(`${request.target.id}-${request.securityGroupId}`);
    return super.leaveSecurityGroup(request);
  }
}

describe("runWrite", () => {
  test.each([
    ["join", "sg-2", ["sg-0", "sg-1", "sg-2"]],
    ["leave", "sg-1", ["sg-0"]],
  ] as const)("%s: one %s call, its result, no retry", async (kind, group, after) => {
    const { ecs, clock, deps, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-0", "sg-1"]));
    const result = await runWrite(kind, member(instance, group), "create", deps, deadline);
    expect(result).toEqual({
      kind: "ok",
      value: { requestId: expect.stringMatching(/^REQ-\d+$/) },
      attempts: 1,
      history: [],
    });
    expect(ecs.calls.map((c) => c.action)).toEqual([WRITE_ACTIONS[kind]]);
    expect(ecs.targets.get("i-1")!.groups).toEqual(after);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("the per-target write lock", () => {
  test("writes to one target run one at a time in call order; writes to another target overlap", async () => {
    const { ecs, deps, deadline } = setup(
      new GatedEcs().addTarget("i-1", ["sg-0"]).addTarget("i-2", ["sg-0"]),
    );
    const writes = [
      runWrite("join", member(instance, "sg-1"), "create", deps, deadline),
      runWrite("leave", member(instance, "sg-0"), "delete", deps, deadline),
      runWrite("join", member(other, "sg-1"), "create", deps, deadline),
    ];
    await settle();
    expect(ecs.started).toEqual(["i-1+sg-1", "i-2+sg-1"]);
    ecs.finish("i-2+sg-1"); // another target's write ending does not let the Leave start
    await settle();
    expect(ecs.started).toEqual(["i-1+sg-1", "i-2+sg-1"]);
    ecs.finish("i-1+sg-1");
    await settle();
    expect(ecs.started).toEqual(["i-1+sg-1", "i-2+sg-1", "i-1-sg-0"]);
    ecs.finish("i-1-sg-0");
    expect((await Promise.all(writes)).map((r) => r.kind)).toEqual(["ok", "ok", "ok"]);
    expect(ecs.targets.get("i-1")!.groups).toEqual(["sg-1"]);
    expect(ecs.targets.get("i-2")!.groups).toEqual(["sg-0", "sg-1"]);
  });

  test("the lock covers each attempt, not the backoff between attempts", async () => {
    const { ecs, clock, deps, start, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-0"]));
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "Throttling.User", { retryAfterMs: 1_000 }),
    );
    const first = runWrite("join", member(instance, "sg-1"), "create", deps, deadline);
    const second = runWrite("join", member(instance, "sg-2"), "create", deps, deadline).then(
      (result) => ({ result, at: clock.now() }),
    );
    const done = await second;
    expect(done).toMatchObject({ result: { kind: "ok", attempts: 1 }, at: start });
    expect(await first).toMatchObject({ kind: "ok", attempts: 2 });
    expect(ecs.calls.map((c) => c.detail)).toEqual(["i-1+sg-1", "i-1+sg-2", "i-1+sg-1"]);
    expect(clock.sleeps).toEqual([1_000]);
  });
});

describe("retries", () => {
  const retryCodes = CODE_GROUPS.filter((g) => g.class === "retry").flatMap((g) =>
    g.codes.map((code) => [code, g.name] as const),
  );

  test.each(retryCodes)(
    "%s (%s) is retried after the backoff, then succeeds",
    async (code, group) => {
      const { ecs, clock, deps, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-0"]));
      const transport = group === "unreachable" || group === "answer-lost";
      ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", code, { transport }));
      const result = await runWrite("join", member(instance), "create", deps, deadline);
      expect(result).toMatchObject({ kind: "ok", attempts: 2 });
      expect(result.history.map((f) => [f.code, f.group])).toEqual([[code, group]]);
      expect(ecs.count("JoinSecurityGroup")).toBe(2);
      // Full jitter at random 0.5: half the first ceiling (100 ms after throttling, 500 ms
      // for an unreachable endpoint, else 200 ms).
      const ceiling = { throttling: 100, unreachable: 500 }[group as string] ?? 200;
      expect(clock.sleeps).toEqual([ceiling / 2]);
    },
  );

  test("the backoff doubles from retry to retry, with x-acs-retry-after as a floor", async () => {
    const { ecs, clock, deps, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-0", "sg-1"]));
    ecs.script(
      "LeaveSecurityGroup",
      ecsError("LeaveSecurityGroup", "ServiceUnavailable", { status: 503 }),
      ecsError("LeaveSecurityGroup", "InternalError", { status: 500 }),
      ecsError("LeaveSecurityGroup", "ServiceUnavailable", { status: 503, retryAfterMs: 900 }),
    );
    const result = await runWrite("leave", member(instance), "delete", deps, deadline);
    expect(result).toMatchObject({ kind: "ok", attempts: 4 });
    expect(result.history.map((f) => f.code)).toEqual([
      "ServiceUnavailable",
      "InternalError",
      "ServiceUnavailable",
    ]);
    expect(clock.sleeps).toEqual([100, 200, 900]); // 400 would be due; the server asked for 900
    expect(ecs.targets.get("i-1")!.groups).toEqual(["sg-0"]);
  });

  test("the deadline ends the retries: the stop carries the attempts and every failure", async () => {
    const { ecs, clock, deps, start } = setup(new FakeEcs().addTarget("i-1", ["sg-0"]));
    for (let i = 0; i < 20; i++)
      ecs.script(
        "JoinSecurityGroup",
        ecsError("JoinSecurityGroup", "ServiceUnavailable", { status: 503 }),
      );
    const stop = await stopOf(runWrite("join", member(instance), "create", deps, start + 1_000));
    // Sleeps of 100, 200 and 400 ms fit before the deadline; the next 800 ms would not.
    expect(stop).toMatchObject({ reason: "deadline", attempts: 4 });
    expect(stop.failure.code).toBe("ServiceUnavailable");
    expect(stop.history).toHaveLength(4);
    expect(stop.history.every((f) => f.code === "ServiceUnavailable")).toBe(true);
    expect(ecs.count("JoinSecurityGroup")).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(clock.now() - start).toBe(700);
  });
});

describe("waiting for the target's state", () => {
  const waitCodes = CODE_GROUPS.filter((g) => g.class === "wait-for-state").flatMap((g) => g.codes);

  test.each(waitCodes)("%s: the target's state is read before the retry", async (code) => {
    const { ecs, deps, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-0"]));
    ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", code, { status: 403 }));
    const result = await runWrite("join", member(instance), "create", deps, deadline);
    expect(result).toMatchObject({ kind: "ok", attempts: 2 });
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "JoinSecurityGroup",
      "DescribeInstanceAttribute",
      "JoinSecurityGroup",
    ]);
  });

  test("a busy instance is polled with DescribeInstanceAttribute until Running, then joined", async () => {
    const { ecs, clock, deps, deadline } = setup(
      new FakeEcs().addTarget("i-1", ["sg-0"], "Starting"),
    );
    ecs.targets.get("i-1")!.statusSequence = ["Starting", "Running"];
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "IncorrectInstanceStatus", { status: 403 }),
    );
    const result = await runWrite("join", member(instance), "create", deps, deadline);
    expect(result).toMatchObject({ kind: "ok", attempts: 2 });
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "JoinSecurityGroup",
      "DescribeInstanceAttribute",
      "DescribeInstanceAttribute",
      "JoinSecurityGroup",
    ]);
    // One poll interval (equal jitter of 500 ms at random 0.5), then the retry's backoff.
    expect(clock.sleeps).toEqual([375, 100]);
    expect(ecs.targets.get("i-1")!.groups).toEqual(["sg-0", "sg-1"]);
  });

  test("a busy ENI is polled with DescribeNetworkInterfaceAttribute, then left", async () => {
    const { ecs, deps, deadline } = setup(
      new FakeEcs().addTarget("eni-1", ["sg-0", "sg-1"], "Attaching"),
    );
    ecs.targets.get("eni-1")!.statusSequence = ["Attaching", "InUse"];
    ecs.script(
      "LeaveSecurityGroup",
      ecsError("LeaveSecurityGroup", "InvalidOperation.InvalidEniState", { status: 403 }),
    );
    const result = await runWrite("leave", member(eni), "delete", deps, deadline);
    expect(result).toMatchObject({ kind: "ok", attempts: 2 });
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "LeaveSecurityGroup",
      "DescribeNetworkInterfaceAttribute",
      "DescribeNetworkInterfaceAttribute",
      "LeaveSecurityGroup",
    ]);
    expect(ecs.targets.get("eni-1")!.groups).toEqual(["sg-0"]);
  });

  test("a busy target that vanishes while waited for is gone for delete", async () => {
    const { ecs, deps, deadline } = setup(new FakeEcs());
    ecs.script(
      "LeaveSecurityGroup",
      ecsError("LeaveSecurityGroup", "IncorrectInstanceStatus", { status: 403 }),
    );
    const result = await runWrite("leave", member(instance), "delete", deps, deadline);
    expect(result).toMatchObject({ kind: "gone", attempts: 1 });
    expect(result.kind === "gone" && result.failure.code).toBe("IncorrectInstanceStatus");
    expect(ecs.count("LeaveSecurityGroup")).toBe(1);
  });

  test("a busy target that vanishes while waited for is fatal for create", async () => {
    const { ecs, deps, deadline } = setup(new FakeEcs());
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "IncorrectInstanceStatus", { status: 403 }),
    );
    const stop = await stopOf(runWrite("join", member(instance), "create", deps, deadline));
    expect(stop).toMatchObject({
      reason: "fatal",
      attempts: 1,
      note: "the target no longer exists",
    });
    expect(stop.failure.code).toBe("IncorrectInstanceStatus");
    expect(ecs.count("JoinSecurityGroup")).toBe(1);
  });

  test("a target locked while waited for stops at once, saying why", async () => {
    const { ecs, deps, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-0"]));
    ecs.targets.get("i-1")!.locks = ["security"];
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "IncorrectInstanceStatus", { status: 403 }),
    );
    const stop = await stopOf(runWrite("join", member(instance), "create", deps, deadline));
    expect(stop).toMatchObject({ reason: "fatal", attempts: 1 });
    expect(stop.note).toMatch(/instance i-1 is locked \(security\)/);
    expect(ecs.calls.map((c) => c.action)).toEqual([
      "JoinSecurityGroup",
      "DescribeInstanceAttribute",
    ]);
  });

  test("a target still changing at the deadline ends the write with the state it was in", async () => {
    const { ecs, deps, start } = setup(new FakeEcs().addTarget("i-1", ["sg-0"], "Starting"));
    ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "IncorrectInstanceStatus", { status: 403 }),
    );
    const stop = await stopOf(runWrite("join", member(instance), "create", deps, start + 2_000));
    expect(stop).toMatchObject({ reason: "deadline", attempts: 1 });
    expect(stop.note).toMatch(/still in state Starting when time ran out/);
    expect(ecs.count("JoinSecurityGroup")).toBe(1);
    expect(ecs.count("DescribeInstanceAttribute")).toBe(3); // polls at 0, 375 and 1125 ms
  });
});

describe("gone and fatal", () => {
  test.each([
    [
      "the target is not in the group",
      new FakeEcs().addTarget("i-1", ["sg-0"]),
      "InvalidSecurityGroupAssociation.NotFound",
    ],
    ["the instance is gone", new FakeEcs(), "InvalidInstanceId.NotFound"],
  ])("delete: %s is gone, after one Leave", async (_name, fake, code) => {
    const { ecs, clock, deps, deadline } = setup(fake);
    const result = await runWrite("leave", member(instance), "delete", deps, deadline);
    expect(result).toMatchObject({ kind: "gone", attempts: 1 });
    expect(result.kind === "gone" && result.failure.code).toBe(code);
    expect(result.history.map((f) => f.code)).toEqual([code]);
    expect(ecs.count("LeaveSecurityGroup")).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test("create: a missing instance is fatal, not gone", async () => {
    const { ecs, deps, deadline } = setup(new FakeEcs());
    const stop = await stopOf(runWrite("join", member(instance), "create", deps, deadline));
    expect(stop).toMatchObject({ reason: "fatal", attempts: 1 });
    expect(stop.failure.code).toBe("InvalidInstanceId.NotFound");
    expect(ecs.count("JoinSecurityGroup")).toBe(1);
  });

  const fatalForCreate = CODE_GROUPS.filter(
    (g) => g.class === "fatal" && (!g.operations || g.operations.includes("create")),
  ).map((g) => g.codes[0]);

  test.each([...fatalForCreate, "Weird.Code"])(
    "create: %s stops at once, after one Join",
    async (code) => {
      const { ecs, clock, deps, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-0"]));
      ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", code, { status: 403 }));
      const stop = await stopOf(runWrite("join", member(instance), "create", deps, deadline));
      expect(stop).toMatchObject({ reason: "fatal", attempts: 1 });
      expect(stop.history.map((f) => f.code)).toEqual([code]);
      expect(ecs.count("JoinSecurityGroup")).toBe(1);
      expect(clock.sleeps).toEqual([]);
    },
  );

  test("delete: leaving the last group stops at once", async () => {
    const { ecs, deps, deadline } = setup(new FakeEcs().addTarget("i-1", ["sg-1"]));
    const stop = await stopOf(runWrite("leave", member(instance), "delete", deps, deadline));
    expect(stop).toMatchObject({ reason: "fatal", attempts: 1 });
    expect(stop.failure).toMatchObject({
      code: "InstanceLastSecurityGroup",
      group: "last-group",
      action: "LeaveSecurityGroup",
    });
    expect(ecs.count("LeaveSecurityGroup")).toBe(1);
  });
});
