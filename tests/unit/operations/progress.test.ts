/**
 * Status lines while an operation waits, in virtual time: none for a fast run, one per
 * `PROGRESS_EVERY_MS` at most once `PROGRESS_AFTER_MS` has passed, each naming the membership,
 * why it waits (code and class, or state), the attempt and the time left.
 */

import { TargetCoordinator } from "../../../provider/concurrency/coordination";
import { TargetReader } from "../../../provider/concurrency/target-reader";
import {
  createMembership,
  deleteMembership,
  type OperationDeps,
} from "../../../provider/operations/operations";
import { RecordPolicy } from "../../../provider/operations/record-writes";
import { EndpointHealth } from "../../../provider/resilience/limited-api";
import { PROGRESS_AFTER_MS, PROGRESS_EVERY_MS } from "../../../provider/resilience/progress";
import type { CheckedInputs } from "../../../provider/schema/model";
import { FakeClock } from "../helpers/fake-clock";
import { ecsError, FakeEcs } from "../helpers/fake-ecs";

function setup(status = "Running") {
  const ecs = new FakeEcs().addTarget("i-1", ["sg-0"], status);
  const clock = new FakeClock(0.5);
  const lines: { at: number; text: string }[] = [];
  const deps: OperationDeps = {
    api: ecs,
    reader: new TargetReader(ecs, { windowMs: 0, maxWaitMs: 0 }),
    coordinator: new TargetCoordinator(),
    clock,
    records: new RecordPolicy(false),
    health: new EndpointHealth(),
    notify: (text) => lines.push({ at: clock.now(), text }),
  };
  return { ecs, clock, deps, lines };
}

const inputs: CheckedInputs = {
  securityGroupId: "sg-1",
  instanceId: "i-1",
  regionId: "cn-hangzhou",
  adoptExisting: false,
};
const throttles = (n: number) =>
  Array.from({ length: n }, () => ecsError("JoinSecurityGroup", "Throttling.User"));

test("a fast create prints nothing, and a few quick retries print nothing either", async () => {
  const t = setup();
  t.ecs.script("JoinSecurityGroup", ...throttles(3));
  await createMembership(inputs, t.deps);
  expect(t.ecs.count("JoinSecurityGroup")).toBe(4);
  expect(t.lines).toEqual([]);
});

test("a throttled Join: lines name the membership, code, class, attempt and time left", async () => {
  const t = setup();
  const started = t.clock.now();
  t.ecs.script("JoinSecurityGroup", ...throttles(40));
  await createMembership(inputs, t.deps);
  expect(t.lines.length).toBeGreaterThan(0);
  expect(t.lines[0].text).toMatch(
    /^cn-hangzhou\/i-1\/sg-1: creating, \d+s so far: JoinSecurityGroup answered Throttling\.User \(throttling, retried\), attempt \d+; next attempt in [\d.]+m?s; 9m\d+s left of timeouts\.create$/,
  );
  expect(t.lines[0].at - started).toBeGreaterThanOrEqual(PROGRESS_AFTER_MS);
  const gaps = t.lines.slice(1).map((line, n) => line.at - t.lines[n].at);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(PROGRESS_EVERY_MS);
  // Bounded by the time spent: one line per PROGRESS_EVERY_MS at most.
  const spent = t.clock.now() - started;
  expect(t.lines.length).toBeLessThanOrEqual(Math.ceil(spent / PROGRESS_EVERY_MS));
});

test("a time limit the caller set (customTimeouts) is the one lines and the error name", async () => {
  const t = setup();
  t.ecs.script("JoinSecurityGroup", ...throttles(400));
  const deps = { ...t.deps, timeout: { ms: 20_000, name: "customTimeouts.create" } };
  await expect(createMembership(inputs, deps)).rejects.toThrow(
    /within 20s \(customTimeouts\.create\) .* raise customTimeouts\.create or run again\.$/,
  );
  expect(t.lines.length).toBeGreaterThan(0);
  for (const line of t.lines) expect(line.text).toMatch(/\d+s left of customTimeouts\.create$/);
});

test("an instance in transition: the line names its state and the answer that started the wait", async () => {
  const t = setup();
  t.ecs.targets.get("i-1")!.statusSequence = [
    ...Array.from({ length: 12 }, () => "Starting"),
    "Running",
  ];
  t.ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", "IncorrectInstanceStatus"));
  await createMembership(inputs, t.deps);
  expect(t.lines.map((l) => l.text)).toContainEqual(
    expect.stringMatching(
      /^cn-hangzhou\/i-1\/sg-1: creating, \d+s so far: waiting for instance i-1 to leave state Starting \(JoinSecurityGroup answered IncorrectInstanceStatus\); 9m\d+s left of timeouts\.create$/,
    ),
  );
});

test("a slow confirmation says what it waits for and when it gives up", async () => {
  const t = setup();
  t.ecs.staleDescribes = 12;
  await createMembership(inputs, t.deps);
  expect(t.lines.map((l) => l.text)).toContainEqual(
    expect.stringMatching(
      /^cn-hangzhou\/i-1\/sg-1: creating, \d+s so far: confirming the Join: DescribeInstances does not show the membership yet \(its groups were \[[^\]]*\]; ECS reads can lag writes\); gives up in 1m\d+s$/,
    ),
  );
});

test("a delete retried through 5xx answers says deleting and timeouts.delete", async () => {
  const t = setup();
  t.ecs.targets.get("i-1")!.groups.push("sg-1");
  t.ecs.script(
    "LeaveSecurityGroup",
    ...Array.from({ length: 30 }, () =>
      ecsError("LeaveSecurityGroup", "ServiceUnavailable", { status: 503 }),
    ),
  );
  await deleteMembership("cn-hangzhou/i-1/sg-1", {}, t.deps);
  expect(t.lines[0].text).toMatch(
    /^cn-hangzhou\/i-1\/sg-1: deleting, \d+s so far: LeaveSecurityGroup answered ServiceUnavailable \(unavailable, retried\), attempt \d+; next attempt in [\d.]+m?s; 9m\d+s left of timeouts\.delete$/,
  );
});

test("a state poll that fails: the line says the poll failed, not a made-up state", async () => {
  const t = setup();
  t.ecs.targets.get("i-1")!.statusSequence = ["Starting", "Running"];
  t.ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", "IncorrectInstanceStatus"));
  t.ecs.script(
    "DescribeInstanceAttribute",
    ...Array.from({ length: 12 }, () => ecsError("DescribeInstanceAttribute", "Throttling.User")),
  );
  await createMembership(inputs, t.deps);
  expect(t.lines.map((l) => l.text)).toContainEqual(
    expect.stringMatching(
      /: creating, \d+s so far: waiting for instance i-1 to be ready \(its last state poll failed with Throttling\.User\) \(JoinSecurityGroup answered IncorrectInstanceStatus\); /,
    ),
  );
});
