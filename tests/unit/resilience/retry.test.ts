import {
  ceilingMs,
  equalJitterMs,
  fullJitterMs,
  RETRY_BACKOFF,
  THROTTLE_BACKOFF,
} from "../../../provider/resilience/backoff";
import { classify, deadlineMessage, type Failure } from "../../../provider/errors/failure";
import {
  MAX_UNREACHABLE_ATTEMPTS,
  retryDelayMs,
  RetryStop,
  withRetries,
  type Outcome,
  type WaitVerdict,
} from "../../../provider/resilience/retry";
import { FakeClock } from "../helpers/fake-clock";
import { ecsError } from "../helpers/fake-ecs";

const fail = (code: string, extra: Parameters<typeof ecsError>[2] = {}): Outcome<string> => ({
  ok: false,
  failure: classify("create", ecsError("JoinSecurityGroup", code, extra)),
});
const ok: Outcome<string> = { ok: true, value: "done" };

/** An attempt function answering from a script, counting calls. */
function scripted(...outcomes: Outcome<string>[]) {
  const attempt = jest.fn(async () => outcomes.shift() ?? ok);
  return attempt;
}

describe("backoff", () => {
  test.each([
    [0, 200],
    [1, 400],
    [3, 1_600],
    [6, 12_800],
    [7, 20_000],
    [50, 20_000],
  ])("retry %i: ceiling %i ms (capped)", (retry, expected) => {
    expect(ceilingMs(retry, RETRY_BACKOFF)).toBe(expected);
  });

  test("full jitter is uniform below the ceiling; equal jitter in its upper half", () => {
    expect(fullJitterMs(2, RETRY_BACKOFF, () => 0)).toBe(0);
    expect(fullJitterMs(2, RETRY_BACKOFF, () => 0.5)).toBe(400);
    expect(equalJitterMs(2, RETRY_BACKOFF, () => 0)).toBe(400);
    expect(equalJitterMs(2, RETRY_BACKOFF, () => 0.999)).toBeCloseTo(799.6);
  });

  test("x-acs-retry-after is a floor", () => {
    expect(retryDelayMs(0, { retryAfterMs: 1_500 }, RETRY_BACKOFF, () => 0.5)).toBe(1_500);
    expect(retryDelayMs(5, { retryAfterMs: 10 }, RETRY_BACKOFF, () => 0.5)).toBe(3_200);
  });
});

describe("withRetries", () => {
  test("retries retryable failures, then succeeds", async () => {
    const clock = new FakeClock(0.5);
    const attempt = scripted(
      fail("ServiceUnavailable", { status: 503 }),
      fail("ECONNRESET", { transport: true }),
      ok,
    );
    const result = await withRetries(attempt, { clock, deadline: clock.now() + 60_000 });
    expect(result).toMatchObject({ kind: "ok", value: "done", attempts: 3 });
    expect(result.history.map((f) => f.code)).toEqual(["ServiceUnavailable", "ECONNRESET"]);
    expect(clock.sleeps).toEqual([100, 200]); // 0.5 x 200, 0.5 x 400
  });

  test("throttling uses the short backoff and honours x-acs-retry-after", async () => {
    const clock = new FakeClock(0.5);
    const attempt = scripted(
      fail("Throttling.User"),
      fail("Throttling.User", { retryAfterMs: 1_500 }),
      ok,
    );
    await withRetries(attempt, { clock, deadline: clock.now() + 60_000 });
    expect(clock.sleeps).toEqual([0.5 * THROTTLE_BACKOFF.baseMs, 1_500]);
  });

  test("fatal stops at once with the failure", async () => {
    const clock = new FakeClock();
    const attempt = scripted(fail("Forbidden.RAM", { status: 403 }));
    const stop = await withRetries(attempt, { clock, deadline: clock.now() + 60_000 }).catch(
      (e) => e,
    );
    expect(stop).toBeInstanceOf(RetryStop);
    expect(stop).toMatchObject({
      reason: "fatal",
      attempts: 1,
      failure: { code: "Forbidden.RAM", class: "fatal" },
    });
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  test("an endpoint that cannot be reached gives up after a few attempts, not at the deadline", async () => {
    const clock = new FakeClock(0.5);
    const attempt = jest.fn(async () => fail("ECONNREFUSED", { transport: true }));
    const stop: RetryStop = await withRetries(attempt, {
      clock,
      deadline: clock.now() + 600_000,
    }).catch((e) => e);
    expect(stop).toMatchObject({ reason: "fatal", attempts: MAX_UNREACHABLE_ATTEMPTS });
    expect(stop.note).toContain("could not be reached");
    const recovered = scripted(
      ...Array.from({ length: MAX_UNREACHABLE_ATTEMPTS - 1 }, () =>
        fail("ECONNREFUSED", { transport: true }),
      ),
      ok,
    );
    expect(await withRetries(recovered, { clock, deadline: clock.now() + 600_000 })).toMatchObject({
      kind: "ok",
    });
  });

  test("gone ends the loop with a result (for read and delete)", async () => {
    const clock = new FakeClock();
    const failure = classify(
      "delete",
      ecsError("LeaveSecurityGroup", "InvalidSecurityGroupAssociation.NotFound"),
    );
    const result = await withRetries(async () => ({ ok: false as const, failure }), {
      clock,
      deadline: clock.now() + 1,
    });
    expect(result).toMatchObject({ kind: "gone", attempts: 1 });
  });

  test("the deadline ends the retries: attempts counted, last error kept", async () => {
    const clock = new FakeClock(0.999);
    const start = clock.now();
    const attempt = jest.fn(async () => fail("InternalError", { status: 500 }));
    const stop: RetryStop = await withRetries(attempt, { clock, deadline: start + 10_000 }).catch(
      (e) => e,
    );
    expect(stop.reason).toBe("deadline");
    // Ceilings 200, 400, 800, 1600, 3200 sum to 6200; the next (6400) would pass the deadline.
    expect(stop.attempts).toBe(6);
    expect(attempt).toHaveBeenCalledTimes(6);
    expect(clock.now()).toBeLessThan(start + 10_000);
    const message = deadlineMessage(
      { target: { kind: "instance", id: "i-1", regionId: "cn-hangzhou" }, securityGroupId: "sg-1" },
      stop.failure,
      stop.attempts,
      { name: "timeouts.create", ms: 10_000 },
    );
    expect(message).toMatch(
      /^JoinSecurityGroup did not succeed for instance i-1, security group sg-1, region cn-hangzhou within 10s \(timeouts\.create\) after 6 attempts; last error: InternalError \(HTTP 500, RequestId REQ-\d+\): InternalError happened\. What to do: .*raise timeouts\.create/,
    );
  });

  describe("wait-for-state", () => {
    const busy = () => fail("IncorrectInstanceStatus", { status: 403 });
    test.each<[string, WaitVerdict, string]>([
      ["ready: retried", { kind: "ready" }, "ok"],
      ["gone: ends as gone", { kind: "gone" }, "gone"],
      ["settled: fatal with the reason", { kind: "fatal", reason: "locked (security)" }, "fatal"],
      ["time ran out: deadline", { kind: "deadline", reason: "still Starting" }, "deadline"],
    ])("%s", async (_name, verdict, expected) => {
      const clock = new FakeClock();
      const waitForState = jest.fn(async (_f: Failure) => verdict);
      const run = withRetries(scripted(busy(), ok), {
        clock,
        deadline: clock.now() + 60_000,
        waitForState,
      });
      const outcome = await run.then(
        (r) => r.kind,
        (e: RetryStop) => e.reason,
      );
      expect(outcome).toBe(expected);
      expect(waitForState).toHaveBeenCalledTimes(1);
      if (verdict.kind === "fatal" || verdict.kind === "deadline") {
        expect(await run.catch((e: RetryStop) => e.note)).toBe(verdict.reason);
      }
    });
  });
});
