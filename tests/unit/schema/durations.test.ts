import {
  DEFAULT_TIMEOUTS_MS,
  formatDuration,
  hasMisorderedUnits,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  parseDuration,
  TIMEOUT_KEYS,
  timeoutFor,
} from "../../../provider/schema/durations";
import { checkInputs } from "../../../provider/schema/validation";

const H = 3_600_000;
const M = 60_000;
const S = 1_000;

describe("parseDuration", () => {
  // prettier-ignore
  const valid: [string, number][] = [
    ["500ms", 500],
    ["1ms", 1],
    ["90s", 90 * S],
    ["5m", 5 * M],
    ["1h", H],
    ["1m30s", M + 30 * S],
    ["1h30m", H + 30 * M],
    ["1h2m3s4ms", H + 2 * M + 3 * S + 4],
    ["1m1ms", M + 1],
    ["10ms", 10],
    ["007s", 7 * S],
    ["0s", 0],
    ["0ms", 0],
    ["24h", MAX_TIMEOUT_MS],
  ];
  test.each(valid)("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  // prettier-ignore
  const misordered: string[] = ["1m1m1m", "1s1s", "30s1m", "1ms1s", "5m1h", "1h1h", "1s2ms3ms"];
  test.each(misordered)("rejects %s: each unit at most once, in the order h, m, s, ms", (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(hasMisorderedUnits(text)).toBe(true);
  });

  test.each(["5m", "1h2m3s4ms", "five", "", "1m30"])("%j does not count as misordered", (text) => {
    expect(hasMisorderedUnits(text)).toBe(false);
  });

  // prettier-ignore
  const invalid: [string, string][] = [
    ["empty", ""],
    ["no unit", "10"],
    ["unit only", "m"],
    ["trailing number", "1m30"],
    ["decimal", "1.5h"],
    ["negative", "-5m"],
    ["uppercase unit", "5M"],
    ["days are not a unit", "1d"],
    ["microseconds are not a unit", "1us"],
    ["spelt out", "five minutes"],
    ["word unit", "5min"],
    ["leading space", " 5m"],
    ["trailing space", "5m "],
    ["space between parts", "1m 30s"],
    ["space before unit", "5 m"],
    ["trailing newline", "5m\n"],
    ["two units without a number", "1hm"],
  ];
  test.each(invalid)("rejects %s (%j)", (_name, text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("formatDuration", () => {
  // prettier-ignore
  const cases: [number, string][] = [
    [0, "0ms"],
    [1, "1ms"],
    [250, "250ms"],
    [999, "999ms"],
    [1_000, "1s"],
    [59 * S, "59s"],
    [M, "1m"],
    [90 * S, "1m30s"],
    [10 * M, "10m"],
    [H, "1h"],
    [H + S, "1h1s"],
    [H + M + S, "1h1m1s"],
    [MAX_TIMEOUT_MS, "24h"],
    [48 * H, "48h"],
  ];
  test.each(cases)("%d ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test("below a second it rounds to whole milliseconds", () => {
    expect(formatDuration(250.4)).toBe("250ms");
    expect(formatDuration(250.6)).toBe("251ms");
  });

  test("from a second on it rounds to whole seconds", () => {
    expect(formatDuration(1_499)).toBe("1s");
    expect(formatDuration(1_500)).toBe("2s");
    expect(formatDuration(M + 29_600)).toBe("1m30s");
  });

  test("omits zero parts", () => {
    expect(formatDuration(H + 5 * S)).toBe("1h5s");
    expect(formatDuration(2 * H + 3 * M)).toBe("2h3m");
  });
});

describe("round-trips", () => {
  // Whole seconds, and whole milliseconds below a second, survive format then parse.
  const values = [1, 500, 999, S, 59 * S, M, 61 * S, 10 * M, H - S, H, H + M + S, MAX_TIMEOUT_MS];
  test.each(values)("parse(format(%d)) is the same number", (ms) => {
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  // prettier-ignore
  const canonical: [string, string][] = [
    ["90s", "1m30s"],
    ["60m", "1h"],
    ["1440m", "24h"],
    ["86400000ms", "24h"],
  ];
  test.each(canonical)("%s formats back as %s", (text, formatted) => {
    expect(formatDuration(parseDuration(text)!)).toBe(formatted);
  });

  test.each(["5m", "1m30s", "1h1m1s", "500ms", "24h"])("%s formats back as itself", (text) => {
    expect(formatDuration(parseDuration(text)!)).toBe(text);
  });
});

describe("defaults and the limit", () => {
  test("every operation has a default, in minutes, within the limit", () => {
    expect(TIMEOUT_KEYS).toEqual(["create", "read", "delete"]);
    expect(Object.keys(DEFAULT_TIMEOUTS_MS).sort()).toEqual([...TIMEOUT_KEYS].sort());
    for (const key of TIMEOUT_KEYS) {
      expect(DEFAULT_TIMEOUTS_MS[key] % M).toBe(0);
      expect(DEFAULT_TIMEOUTS_MS[key]).toBeGreaterThan(0);
      expect(DEFAULT_TIMEOUTS_MS[key]).toBeLessThanOrEqual(MAX_TIMEOUT_MS);
    }
  });

  test("the defaults are the documented create 10m, read 5m, delete 10m", () => {
    expect(TIMEOUT_KEYS.map((key) => formatDuration(DEFAULT_TIMEOUTS_MS[key]))).toEqual([
      "10m",
      "5m",
      "10m",
    ]);
  });

  test("the limit is 24 hours", () => {
    expect(MAX_TIMEOUT_MS).toBe(24 * H);
  });

  // What check accepts as a timeout, at the edges of the range (regionId is given: no fallback).
  const base = { securityGroupId: "sg-bp1abc", instanceId: "i-bp1def", regionId: "cn-hangzhou" };
  const reasonFor = (text: string) =>
    checkInputs({ ...base, timeouts: { create: text } }, {}).failures.find(
      (f) => f.property === "timeouts.create",
    )?.reason;

  test("the shortest deadline is 1 second", () => {
    expect(MIN_TIMEOUT_MS).toBe(S);
  });

  test.each(["1s", "1000ms", "1s1ms", "24h", "1440m", "86400s", "86400000ms", "23h59m59s999ms"])(
    "check accepts %s",
    (text) => {
      expect(reasonFor(text)).toBeUndefined();
    },
  );

  test.each(["24h1ms", "86400001ms", "1441m", "25h"])(
    "check rejects %s as longer than 24h, quoting it",
    (text) => {
      expect(reasonFor(text)).toBe(`timeouts.create must be at most 24h, got "${text}"`);
    },
  );

  test.each(["0ms", "0s", "0h0m", "1ms", "999ms", "500ms"])(
    "check rejects %s as shorter than 1s, quoting it",
    (text) => {
      expect(reasonFor(text)).toBe(
        `timeouts.create must be at least 1s (a shorter deadline ends before one ECS request is answered), got "${text}"`,
      );
    },
  );

  test.each(["1m1m1m", "30s1m"])("check names the unit rule for %s", (text) => {
    expect(reasonFor(text)).toBe(
      `timeouts.create must give each unit at most once, in the order h, m, s, ms (e.g. "1h30m", "2m30s"), got "${text}"`,
    );
  });
});

describe("timeoutFor", () => {
  test.each(TIMEOUT_KEYS)("%s: the default when timeouts are absent", (key) => {
    expect(timeoutFor(key, undefined).ms).toBe(DEFAULT_TIMEOUTS_MS[key]);
    expect(timeoutFor(key, null).ms).toBe(DEFAULT_TIMEOUTS_MS[key]);
    expect(timeoutFor(key, {}).ms).toBe(DEFAULT_TIMEOUTS_MS[key]);
  });

  test("the given duration for its own operation only", () => {
    const timeouts = { create: "1m30s", delete: "2h" };
    expect(timeoutFor("create", timeouts).ms).toBe(90 * S);
    expect(timeoutFor("delete", timeouts).ms).toBe(2 * H);
    expect(timeoutFor("read", timeouts).ms).toBe(DEFAULT_TIMEOUTS_MS.read);
  });

  test("the smallest and largest accepted durations are used as given", () => {
    expect(timeoutFor("read", { read: "1ms" }).ms).toBe(1);
    expect(timeoutFor("read", { read: "24h" }).ms).toBe(MAX_TIMEOUT_MS);
  });

  // prettier-ignore
  const fallbacks: [string, unknown][] = [
    ["zero", "0s"],
    ["not a duration", "soon"],
    ["a number", 300],
    ["null", null],
    ["an object", { minutes: 5 }],
  ];
  test.each(fallbacks)("falls back to the default for %s", (_name, given) => {
    expect(timeoutFor("create", { create: given }).ms).toBe(DEFAULT_TIMEOUTS_MS.create);
  });

  test("is named by the setting it comes from, the caller's when it gives one", () => {
    expect(timeoutFor("delete", { delete: "2h" }).name).toBe("timeouts.delete");
    expect(timeoutFor("read", undefined).name).toBe("timeouts.read");
    const given = { ms: 3 * S, name: "customTimeouts.update" };
    expect(timeoutFor("create", { create: "1m" }, given)).toEqual(given);
  });
});
