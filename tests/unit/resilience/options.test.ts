import { ReadBatcher } from "../../../provider/concurrency/read-batcher";
import { AdaptiveRateLimiter as RateLimiter } from "../../../provider/resilience/rate-limiter";
import { numberOption } from "../../../provider/resilience/options";

const clock = { now: () => 0, sleep: async () => undefined };
const load = async () => new Map<string, number>();

test("an unset option takes its default; a set one is kept", () => {
  expect(numberOption("X", "n", undefined, 7, { min: 1 })).toBe(7);
  expect(numberOption("X", "n", 3, 7, { min: 1 })).toBe(3);
});

test.each([
  [{ maxBatchSize: 0 }, "ReadBatcher option maxBatchSize must be an integer >= 1, not 0."],
  [{ maxBatchSize: 2.5 }, "ReadBatcher option maxBatchSize must be an integer >= 1, not 2.5."],
  [{ maxInFlight: -1 }, "ReadBatcher option maxInFlight must be an integer >= 1, not -1."],
  [{ windowMs: Number.NaN }, "ReadBatcher option windowMs must be a number >= 0, not NaN."],
  [{ maxWaitMs: -10 }, "ReadBatcher option maxWaitMs must be a number >= 0, not -10."],
])("ReadBatcher %j fails at once", (options, message) => {
  expect(() => new ReadBatcher(load, options)).toThrow(message);
});

test.each([
  [{ minRate: 0 }, "RateLimiter option minRate must be a number > 0, not 0."],
  [
    { decreaseFactor: 1 },
    "RateLimiter option decreaseFactor must be a number > 0 and <= 0.99, not 1.",
  ],
  [
    { acceptedFloor: 1.5 },
    "RateLimiter option acceptedFloor must be a number > 0 and <= 1, not 1.5.",
  ],
  [{ holdMs: -1 }, "RateLimiter option holdMs must be a number >= 0, not -1."],
  [{ increasePerSecond: 0 }, "RateLimiter option increasePerSecond must be a number > 0, not 0."],
  [{ maxRate: 0.1 }, "RateLimiter option maxRate must be a number >= 0.5, not 0.1."],
])("RateLimiter %j fails at once", (options, message) => {
  expect(() => new RateLimiter({ clock, ...options })).toThrow(message);
});

test("the defaults pass", () => {
  expect(() => new ReadBatcher(load)).not.toThrow();
  expect(() => new RateLimiter({ clock })).not.toThrow();
});
