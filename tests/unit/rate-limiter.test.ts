import { fullJitterMs, THROTTLE_BACKOFF } from "../../provider/backoff";
import { AdaptiveRateLimiter, RateLimiterRegistry } from "../../provider/rate-limiter";
import { FakeClock, seededRandom } from "./helpers/fake-clock";

describe("AdaptiveRateLimiter", () => {
  test("starts unlimited: no waiting at all on the unthrottled path", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock });
    const tickets = await Promise.all(Array.from({ length: 500 }, () => limiter.acquire()));
    tickets.forEach((t) => limiter.onSuccess(t));
    expect(limiter.currentRate).toBe(Infinity);
    expect(clock.sleeps).toEqual([]);
  });

  test("a throttle sets a rate from what was being sent, halved; one decrease per burst", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock });
    const tickets = await Promise.all(Array.from({ length: 40 }, () => limiter.acquire()));
    tickets.forEach((t) => limiter.onThrottle(t));
    expect(limiter.currentRate).toBe(20);
  });

  test("the rate does not drop below most of what ECS accepted in the last second", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock });
    const tickets = await Promise.all(Array.from({ length: 40 }, () => limiter.acquire()));
    tickets.slice(0, 30).forEach((t) => limiter.onSuccess(t));
    limiter.onThrottle(tickets[39]);
    expect(limiter.currentRate).toBe(27); // max(40 x 0.5, 0.9 x 30)
  });

  test("paces requests evenly once limited, first come first served", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock, minRate: 0.5 });
    limiter.onThrottle(await limiter.acquire()); // 1 request sent in the last second, halved
    expect(limiter.currentRate).toBe(0.5);
    const start = clock.now();
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2].map(async (i) => (await limiter.acquire(), order.push(i), clock.now() - start)),
    );
    expect(order).toEqual([0, 1, 2]);
    expect(clock.now() - start).toBe(6_000); // three requests at 0.5/s
  });

  test("successes raise the rate additively; far enough, it stops limiting", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock, increasePerSecond: 1, maxRate: 12 });
    const burst = await Promise.all(Array.from({ length: 20 }, () => limiter.acquire()));
    limiter.onThrottle(burst[0]);
    expect(limiter.currentRate).toBe(10);
    limiter.onSuccess(burst[1]);
    expect(limiter.currentRate).toBeCloseTo(10.1);
    for (let i = 0; i < 30; i++) limiter.onSuccess(burst[2]);
    expect(limiter.currentRate).toBe(Infinity);
  });

  test("well above the last throttled rate it probes geometrically, so a passing throttle does not stick", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ clock, maxRate: 1_000 });
    const burst = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
    limiter.onThrottle(burst[0]); // throttled at 10/s: rate 5
    let successes = 0;
    while (limiter.currentRate !== Infinity && successes < 10_000) {
      limiter.onSuccess(burst[1]);
      successes++;
    }
    // Additive to 12/s (70 successes at ~0.1/rate each), then +20% per second of traffic.
    expect(successes).toBeGreaterThan(500);
    expect(successes).toBeLessThan(6_000);
  });

  test("registry: one limiter per key", () => {
    const registry = new RateLimiterRegistry({ clock: new FakeClock() });
    expect(registry.get("e|JoinSecurityGroup")).toBe(registry.get("e|JoinSecurityGroup"));
    expect(registry.get("e|JoinSecurityGroup")).not.toBe(registry.get("e|DescribeInstances"));
  });
});

/**
 * 200 Joins against a server allowing 5 requests/s (sliding one-second window), answering
 * Throttling.User above it; every client retries throttles after the short throttle backoff.
 */
async function simulate(count: number, limitPerSecond: number, seed: number) {
  const random = seededRandom(seed);
  const clock = new FakeClock(0, 0);
  clock.random = random;
  const limiter = new AdaptiveRateLimiter({ clock });
  const accepted: number[] = [];
  let throttles = 0;
  const serverAccepts = (now: number) => {
    while (accepted.length > 0 && accepted[0] <= now - 1_000) accepted.shift();
    if (accepted.length >= limitPerSecond) return false;
    accepted.push(now);
    return true;
  };
  await Promise.all(
    Array.from({ length: count }, async () => {
      for (let retry = 0; ; retry++) {
        const ticket = await limiter.acquire();
        if (serverAccepts(clock.now())) return limiter.onSuccess(ticket);
        throttles++;
        limiter.onThrottle(ticket);
        await clock.sleep(fullJitterMs(retry, THROTTLE_BACKOFF, random));
      }
    }),
  );
  return { seconds: clock.now() / 1_000, throttles };
}

test.each([1, 2, 3])(
  "200 Joins at 5 req/s finish close to the 40 s minimum (seed %i)",
  async (seed) => {
    const { seconds, throttles } = await simulate(200, 5, seed);
    expect(seconds).toBeGreaterThanOrEqual(39);
    expect(seconds).toBeLessThan(45);
    expect(throttles).toBeLessThan(200 * 2);
  },
);
