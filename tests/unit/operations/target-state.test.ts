import { judgeStatus, waitForTargetState } from "../../../provider/operations/target-state";
import type { TargetRef } from "../../../provider/schema/model";
import { FakeClock } from "../helpers/fake-clock";
import { ecsError, FakeEcs } from "../helpers/fake-ecs";
import { classify } from "../../../provider/errors/failure";

const busy = classify("create", ecsError("JoinSecurityGroup", "IncorrectInstanceStatus"));
const instance: TargetRef = { kind: "instance", id: "i-1", regionId: "cn-hangzhou" };
const eni: TargetRef = { kind: "networkInterface", id: "eni-1", regionId: "cn-hangzhou" };

describe("judgeStatus", () => {
  // prettier-ignore
  const cases: [TargetRef, string, string[], string][] = [
    [instance, "Running", [], "ready"],
    [instance, "Stopped", [], "ready"],
    [instance, "Starting", [], "waiting"],
    [instance, "Stopping", [], "waiting"],
    [instance, "Pending", [], "waiting"],
    [instance, "Running", ["security"], "fatal"],
    [instance, "Stopped", ["financial"], "fatal"],
    [instance, "Expired", [], "fatal"],
    [eni, "Available", [], "ready"],
    [eni, "InUse", [], "ready"],
    [eni, "Attaching", [], "waiting"],
    [eni, "Detaching", [], "waiting"],
    [eni, "Deleting", [], "waiting"],
    [eni, "CreateFailed", [], "fatal"],
  ];
  test.each(cases)("%o %s %o -> %s", (target, status, locks, expected) => {
    const verdict = judgeStatus(target, { status, locks });
    expect(verdict === "waiting" ? "waiting" : verdict.kind).toBe(expected);
  });
});

describe("waitForTargetState", () => {
  test("polls until the instance is ready", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"], "Starting");
    ecs.targets.get("i-1")!.statusSequence = ["Starting", "Starting", "Running"];
    const clock = new FakeClock(0);
    expect(
      await waitForTargetState({ api: ecs, clock }, instance, clock.now() + 60_000, busy),
    ).toEqual({
      kind: "ready",
    });
    expect(ecs.count("DescribeInstanceAttribute")).toBe(3);
    expect(clock.sleeps).toEqual([250, 500]); // equal jitter, random 0: half the ceiling
  });

  test("a target that disappears is gone", async () => {
    const clock = new FakeClock();
    expect(
      await waitForTargetState({ api: new FakeEcs(), clock }, eni, clock.now() + 1_000, busy),
    ).toEqual({
      kind: "gone",
    });
  });

  test("a locked instance is fatal", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    ecs.targets.get("i-1")!.locks = ["security"];
    const clock = new FakeClock();
    const verdict = await waitForTargetState(
      { api: ecs, clock },
      instance,
      clock.now() + 60_000,
      busy,
    );
    expect(verdict).toMatchObject({
      kind: "fatal",
      reason: expect.stringMatching(/locked \(security\)/),
    });
  });

  test("the deadline ends the wait, naming the last state", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"], "Stopping");
    const clock = new FakeClock(0.5);
    const verdict = await waitForTargetState(
      { api: ecs, clock },
      instance,
      clock.now() + 5_000,
      busy,
    );
    expect(verdict).toEqual({
      kind: "deadline",
      reason: "instance i-1 was still in state Stopping when time ran out",
    });
  });
});
