import {
  MAX_LOG_BYTES,
  MAX_LOG_ENTRIES,
  MAX_LOGGED_PARAMS,
  MAX_LOGGED_VALUE_CHARS,
  RequestLog,
  type RequestLogEntry,
} from "../../../emulator/wire/request-log";

let sequence = 0;
function entry(action: string, time = "2026-01-01T00:00:00.000Z"): RequestLogEntry {
  return {
    time,
    action,
    method: "POST",
    params: {},
    signature: "ACS3-HMAC-SHA256",
    status: 200,
    requestId: `request-${++sequence}`,
    durationMs: 1,
  };
}

const actions = (log: RequestLog, filter = {}) => log.list(filter).map((e) => e.action);

describe("RequestLog", () => {
  it("lists what it recorded, oldest first", () => {
    const log = new RequestLog();
    log.record(entry("DescribeInstances"));
    log.record(entry("JoinSecurityGroup"));
    expect(actions(log)).toEqual(["DescribeInstances", "JoinSecurityGroup"]);
    expect(log.size).toBe(2);
  });

  it("filters by action and by time, and by both", () => {
    const log = new RequestLog();
    log.record(entry("JoinSecurityGroup", "2026-01-01T00:00:01.000Z"));
    log.record(entry("DescribeInstances", "2026-01-01T00:00:02.000Z"));
    log.record(entry("JoinSecurityGroup", "2026-01-01T00:00:03.000Z"));
    expect(log.list({ action: "JoinSecurityGroup" }).map((e) => e.time)).toEqual([
      "2026-01-01T00:00:01.000Z",
      "2026-01-01T00:00:03.000Z",
    ]);
    expect(actions(log, { since: "2026-01-01T00:00:02.000Z" })).toEqual([
      "DescribeInstances",
      "JoinSecurityGroup",
    ]);
    expect(
      log
        .list({ action: "JoinSecurityGroup", since: "2026-01-01T00:00:02.000Z" })
        .map((e) => e.time),
    ).toEqual(["2026-01-01T00:00:03.000Z"]);
    expect(actions(log, { action: "LeaveSecurityGroup" })).toEqual([]);
  });

  it("treats empty filter fields as no filter", () => {
    const log = new RequestLog();
    log.record(entry("DescribeInstances"));
    expect(actions(log, { action: "", since: "" })).toEqual(["DescribeInstances"]);
  });

  it("hands out a copy of its list", () => {
    const log = new RequestLog();
    log.record(entry("DescribeInstances"));
    log.list().length = 0;
    expect(log.size).toBe(1);
  });

  it("clears", () => {
    const log = new RequestLog();
    log.record(entry("DescribeInstances"));
    log.clear();
    expect(log.list()).toEqual([]);
    log.record(entry("JoinSecurityGroup"));
    expect(actions(log)).toEqual(["JoinSecurityGroup"]);
  });

  it("stays within its capacity, dropping the oldest tenth when full", () => {
    const log = new RequestLog(20);
    for (let n = 0; n < 20; n++) log.record(entry(`A${n}`));
    expect(log.size).toBe(20);
    log.record(entry("A20"));
    expect(log.size).toBe(19);
    expect(actions(log)[0]).toBe("A2");
    expect(actions(log).at(-1)).toBe("A20");
    for (let n = 21; n < 100; n++) log.record(entry(`A${n}`));
    expect(log.size).toBeLessThanOrEqual(20);
    expect(actions(log).at(-1)).toBe("A99");
  });

  it("drops at least one entry when the capacity is below ten", () => {
    const log = new RequestLog(3);
    for (let n = 0; n < 5; n++) log.record(entry(`A${n}`));
    expect(actions(log)).toEqual(["A2", "A3", "A4"]);
  });

  it("holds 200,000 entries by default and refuses a capacity that is not a whole number >= 1", () => {
    expect(new RequestLog().capacity).toBe(MAX_LOG_ENTRIES);
    expect(MAX_LOG_ENTRIES).toBe(200_000);
    expect(() => new RequestLog(0)).toThrow("capacity must be a whole number >= 1, got 0");
    expect(() => new RequestLog(2.5)).toThrow(TypeError);
  });

  it("keeps long values, the action name included, to their first characters", () => {
    const log = new RequestLog();
    const huge = "A".repeat(1_000_000);
    log.record({ ...entry(huge), params: { Name: "x".repeat(5000), Short: "kept" } });
    const [kept] = log.list();
    const marker = (n: number) => `...[${n} characters]`;
    expect(kept.action).toBe("A".repeat(MAX_LOGGED_VALUE_CHARS) + marker(1_000_000));
    expect(kept.params).toEqual({
      Name: "x".repeat(MAX_LOGGED_VALUE_CHARS) + marker(5000),
      Short: "kept",
    });
    expect(log.bytes).toBeLessThan(3 * MAX_LOGGED_VALUE_CHARS);
  });

  it("keeps the first parameters of a call with very many, and says how many it dropped", () => {
    const log = new RequestLog();
    const params = Object.fromEntries(Array.from({ length: 5000 }, (_, n) => [`P${n}`, "v"]));
    log.record({ ...entry("DescribeInstances"), params });
    const [kept] = log.list();
    expect(Object.keys(kept.params)).toHaveLength(MAX_LOGGED_PARAMS);
    expect(kept.params.P0).toBe("v");
    expect(kept.paramsDropped).toBe(5000 - MAX_LOGGED_PARAMS);
  });

  it("stays within its byte bound, dropping the oldest entries", () => {
    const log = new RequestLog(MAX_LOG_ENTRIES, 100_000);
    for (let n = 0; n < 1000; n++) {
      log.record({ ...entry(`A${n}`), params: { Big: "y".repeat(1000) } });
      expect(log.bytes).toBeLessThanOrEqual(100_000);
    }
    expect(actions(log).at(-1)).toBe("A999");
    expect(log.size).toBeGreaterThan(50);
    expect(new RequestLog().maxBytes).toBe(MAX_LOG_BYTES);
    expect(() => new RequestLog(10, 0)).toThrow("maxBytes must be a whole number >= 1, got 0");
  });

  it("frees its bytes when cleared", () => {
    const log = new RequestLog();
    log.record(entry("DescribeInstances"));
    expect(log.bytes).toBeGreaterThan(0);
    log.clear();
    expect(log.bytes).toBe(0);
  });
});
