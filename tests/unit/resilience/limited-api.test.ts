/**
 * `withRateLimits`: every EcsApi call goes through its action's limiter, which hears how the call
 * ended (throttled, answered, or no answer at all); results and errors pass through unchanged.
 */

import type { EcsApi } from "../../../provider/ecs/ecs-api";
import { EcsError } from "../../../provider/ecs/ecs-error";
import { withRateLimits } from "../../../provider/resilience/limited-api";
import { CODE_GROUPS } from "../../../provider/errors/error-classes";
import {
  RateLimiterRegistry,
  type AdaptiveRateLimiter,
  type Ticket,
} from "../../../provider/resilience/rate-limiter";
import type { MembershipRef, TargetRef } from "../../../provider/schema/model";
import { FakeClock } from "../helpers/fake-clock";
import { ecsError, FakeEcs } from "../helpers/fake-ecs";

type Limiter = Pick<AdaptiveRateLimiter, "acquire" | "onSuccess" | "onThrottle">;

/** Records what the wrapper tells it, numbering its tickets; `hold` keeps acquire waiting. */
class RecordingLimiter implements Limiter {
  readonly events: string[] = [];
  private issued = 0;
  private held: Array<() => void> | undefined;

  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    waiting.forEach((resolve) => resolve());
  }

  async acquire(): Promise<Ticket> {
    const ticket = { sentAt: ++this.issued };
    this.events.push(`acquire #${ticket.sentAt}`);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    return ticket;
  }

  onSuccess(ticket: Ticket): void {
    this.events.push(`success #${ticket.sentAt}`);
  }

  onThrottle(ticket: Ticket): void {
    this.events.push(`throttle #${ticket.sentAt}`);
  }
}

/** A limiter per action name, made on first use, and every name `limiterFor` was asked for. */
function recordingLimiters() {
  const limiters = new Map<string, RecordingLimiter>();
  const asked: string[] = [];
  const limiterFor = (action: string): AdaptiveRateLimiter => {
    asked.push(action);
    if (!limiters.has(action)) limiters.set(action, new RecordingLimiter());
    return limiters.get(action)! as unknown as AdaptiveRateLimiter;
  };
  const of = (action: string) => limiters.get(action)?.events;
  return { limiters, asked, limiterFor, of };
}

const instance: TargetRef = { kind: "instance", id: "i-1", regionId: "cn-hangzhou" };
const eni: TargetRef = { kind: "networkInterface", id: "eni-1", regionId: "cn-hangzhou" };
const joinSg1: MembershipRef = { target: instance, securityGroupId: "sg-1" };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** Each EcsApi method, its action, and one call of it. */
// prettier-ignore
const METHODS: [keyof EcsApi, string, unknown[]][] = [
  ["joinSecurityGroup", "JoinSecurityGroup", [joinSg1]],
  ["leaveSecurityGroup", "LeaveSecurityGroup", [{ target: eni, securityGroupId: "sg-2" }]],
  ["describeInstances", "DescribeInstances", ["cn-beijing", ["i-1", "i-2"]]],
  ["describeNetworkInterfaces", "DescribeNetworkInterfaces", ["cn-shanghai", ["eni-1"]]],
  ["describeInstanceAttribute", "DescribeInstanceAttribute", [instance]],
  ["describeNetworkInterfaceAttribute", "DescribeNetworkInterfaceAttribute", [eni]],
];

/** An EcsApi whose every method answers with `answer(method)`, recording its arguments. */
function answeringApi(answer: (method: keyof EcsApi) => Promise<unknown>) {
  const api = Object.fromEntries(
    METHODS.map(([method]) => [method, jest.fn(() => answer(method))]),
  ) as unknown as { [M in keyof EcsApi]: jest.Mock };
  return api;
}

const invoke = (api: EcsApi, method: keyof EcsApi, args: unknown[]) =>
  (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);

describe("withRateLimits", () => {
  test.each(METHODS)(
    "%s goes through the %s limiter; arguments and result pass through unchanged",
    async (method, action, args) => {
      const result = { the: "answer" };
      const inner = answeringApi(async () => result);
      const { asked, of, limiterFor } = recordingLimiters();
      const limited = withRateLimits(inner as unknown as EcsApi, limiterFor);
      expect(await invoke(limited, method, args)).toBe(result);
      expect(inner[method]).toHaveBeenCalledTimes(1);
      expect(inner[method]).toHaveBeenCalledWith(...args);
      expect(asked).toEqual([action]);
      expect(of(action)).toEqual(["acquire #1", "success #1"]);
    },
  );

  test("nothing is sent until the limiter grants the turn", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    const { limiters, of, limiterFor } = recordingLimiters();
    const limited = withRateLimits(ecs, limiterFor);
    limiterFor("JoinSecurityGroup");
    limiters.get("JoinSecurityGroup")!.hold();
    const join = limited.joinSecurityGroup(joinSg1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ecs.calls).toEqual([]);
    limiters.get("JoinSecurityGroup")!.release();
    await join;
    expect(ecs.calls.map((c) => c.action)).toEqual(["JoinSecurityGroup"]);
    expect(of("JoinSecurityGroup")).toEqual(["acquire #1", "success #1"]);
  });

  test("each action has its own limiter, asked for by the action's name on every call", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    const { asked, limiters, of, limiterFor } = recordingLimiters();
    const limited = withRateLimits(ecs, limiterFor);
    await limited.joinSecurityGroup(joinSg1);
    await limited.describeInstances("cn-hangzhou", ["i-1"]);
    await limited.leaveSecurityGroup(joinSg1);
    await limited.describeInstances("cn-hangzhou", ["i-1"]);
    expect(asked).toEqual([
      "JoinSecurityGroup",
      "DescribeInstances",
      "LeaveSecurityGroup",
      "DescribeInstances",
    ]);
    expect([...limiters.keys()].sort()).toEqual([
      "DescribeInstances",
      "JoinSecurityGroup",
      "LeaveSecurityGroup",
    ]);
    expect(of("DescribeInstances")).toEqual([
      "acquire #1",
      "success #1",
      "acquire #2",
      "success #2",
    ]);
    expect(of("JoinSecurityGroup")).toEqual(["acquire #1", "success #1"]);
  });

  const throttling = CODE_GROUPS.find((g) => g.name === "throttling")!;
  const throttleCodes = [
    ...throttling.codes,
    ...(throttling.prefixes ?? []).flatMap((p) => [`${p}.User`, `${p}.Api`]),
  ];

  test.each(throttleCodes)(
    "%s slows the limiter (onThrottle, not onSuccess); the error passes through",
    async (code) => {
      const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
      const error = ecsError("JoinSecurityGroup", code, { status: 400, retryAfterMs: 200 });
      ecs.script("JoinSecurityGroup", error);
      const { of, limiterFor } = recordingLimiters();
      const limited = withRateLimits(ecs, limiterFor);
      expect(await rejection(limited.joinSecurityGroup(joinSg1))).toBe(error);
      expect(of("JoinSecurityGroup")).toEqual(["acquire #1", "throttle #1"]);
    },
  );

  test.each([
    ["ServiceUnavailable", 503],
    ["InternalError", 500],
    ["InvalidOperation.Conflict", 409],
    ["IncorrectInstanceStatus", 403],
    ["Forbidden.RAM", 403],
    ["Weird.Code", 400],
  ])("an ECS answer %s (HTTP %i) counts as accepted", async (code, status) => {
    const ecs = new FakeEcs();
    const error = ecsError("DescribeInstances", code, { status });
    ecs.script("DescribeInstances", error);
    const { of, limiterFor } = recordingLimiters();
    const limited = withRateLimits(ecs, limiterFor);
    expect(await rejection(limited.describeInstances("cn-hangzhou", ["i-1"]))).toBe(error);
    expect(of("DescribeInstances")).toEqual(["acquire #1", "success #1"]);
  });

  test("an error the fake ECS itself answers (not found) counts as accepted and passes through", async () => {
    const { of, limiterFor } = recordingLimiters();
    const limited = withRateLimits(new FakeEcs(), limiterFor);
    const error = await rejection(limited.describeInstanceAttribute(instance));
    expect(error).toBeInstanceOf(EcsError);
    expect(error).toMatchObject({ code: "InvalidInstanceId.NotFound", status: 404 });
    expect(of("DescribeInstanceAttribute")).toEqual(["acquire #1", "success #1"]);
  });

  test.each(["ECONNRESET", "ECONNREFUSED", "ReadTimeout", "ConnectTimeout", "NonJsonResponse"])(
    "a transport failure (%s) tells the limiter nothing; the error passes through",
    async (code) => {
      const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
      const error = ecsError("LeaveSecurityGroup", code, { transport: true });
      ecs.script("LeaveSecurityGroup", error);
      const { of, limiterFor } = recordingLimiters();
      const limited = withRateLimits(ecs, limiterFor);
      expect(await rejection(limited.leaveSecurityGroup(joinSg1))).toBe(error);
      expect(of("LeaveSecurityGroup")).toEqual(["acquire #1"]);
    },
  );

  test("concurrent calls each give back their own ticket", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
    ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", "Throttling.User"));
    const { of, limiterFor } = recordingLimiters();
    const limited = withRateLimits(ecs, limiterFor);
    const [first, second] = await Promise.allSettled([
      limited.joinSecurityGroup(joinSg1),
      limited.joinSecurityGroup({ target: instance, securityGroupId: "sg-2" }),
    ]);
    expect(first.status).toBe("rejected");
    expect(second.status).toBe("fulfilled");
    expect(of("JoinSecurityGroup")).toEqual([
      "acquire #1",
      "acquire #2",
      "throttle #1",
      "success #2",
    ]);
  });

  describe("with the real AdaptiveRateLimiter", () => {
    function limitedEcs() {
      const clock = new FakeClock();
      const registry = new RateLimiterRegistry({ clock });
      const ecs = new FakeEcs().addTarget("i-1", ["sg-0"]);
      const limited = withRateLimits(ecs, (action) => registry.get(`ep|${action}`));
      return { clock, registry, ecs, limited };
    }

    test("unthrottled, calls never wait and the limiters stay unlimited", async () => {
      const { clock, registry, limited } = limitedEcs();
      await Promise.all(
        Array.from({ length: 50 }, () => limited.describeInstances("cn-hangzhou", ["i-1"])),
      );
      expect(registry.get("ep|DescribeInstances").currentRate).toBe(Infinity);
      expect(clock.sleeps).toEqual([]);
    });

    test("an overload of throttles slows that action only", async () => {
      const { clock, registry, ecs, limited } = limitedEcs();
      for (let i = 0; i < 4; i++)
        ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", "Throttling.User"));
      const burst = await Promise.allSettled(
        ["sg-1", "sg-2", "sg-3", "sg-4"].map((g) =>
          limited.joinSecurityGroup({ target: instance, securityGroupId: g }),
        ),
      );
      expect(burst.map((r) => r.status)).toEqual(Array(4).fill("rejected"));
      // 4 sent, none accepted: half of what was sent.
      expect(registry.get("ep|JoinSecurityGroup").currentRate).toBe(2);
      expect(registry.get("ep|DescribeInstances").currentRate).toBe(Infinity);

      const start = clock.now();
      await limited.describeInstances("cn-hangzhou", ["i-1"]);
      expect(clock.now()).toBe(start); // another action's limiter: no wait
      await limited.joinSecurityGroup(joinSg1);
      expect(clock.now() - start).toBe(500); // one request at 2/s
      expect(ecs.targets.get("i-1")!.groups).toEqual(["sg-0", "sg-1"]);
    });

    test("transport failures and ECS answers other than throttling do not slow it", async () => {
      const { registry, ecs, limited } = limitedEcs();
      for (let i = 0; i < 4; i++) {
        ecs.script(
          "JoinSecurityGroup",
          ecsError("JoinSecurityGroup", "ECONNRESET", { transport: true }),
          ecsError("JoinSecurityGroup", "ServiceUnavailable", { status: 503 }),
        );
      }
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => limited.joinSecurityGroup(joinSg1)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill("rejected"));
      expect(registry.get("ep|JoinSecurityGroup").currentRate).toBe(Infinity);
    });
  });
});
