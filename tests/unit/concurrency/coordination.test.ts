import { TargetCoordinator } from "../../../provider/concurrency/coordination";

const tick = () => new Promise((r) => setImmediate(r));

describe("TargetCoordinator", () => {
  test("writes to one target run one at a time, in call order", async () => {
    const c = new TargetCoordinator();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const write = (name: string) =>
      c.withWriteLock("cn-hangzhou/i-1", async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        running--;
      });
    await Promise.all([write("a"), write("b"), write("c")]);
    expect(maxRunning).toBe(1);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  test("writes to different targets run in parallel", async () => {
    const c = new TargetCoordinator();
    let running = 0;
    let maxRunning = 0;
    const write = (key: string) =>
      c.withWriteLock(key, async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await tick();
        running--;
      });
    await Promise.all([write("r/i-1"), write("r/i-2"), write("r/eni-1")]);
    expect(maxRunning).toBe(3);
  });

  test("a failing write releases the lock", async () => {
    const c = new TargetCoordinator();
    await expect(c.withWriteLock("k", async () => Promise.reject(new Error("x")))).rejects.toThrow(
      "x",
    );
    await expect(c.withWriteLock("k", async () => "next")).resolves.toBe("next");
  });

  test("Joins in flight are registered until they settle, failed ones too", async () => {
    const c = new TargetCoordinator();
    let finish!: () => void;
    let fail!: (e: Error) => void;
    const one = c.trackJoin("k", new Promise<void>((r) => (finish = r)));
    const two = c.trackJoin("k", new Promise<void>((_r, j) => (fail = j)));
    expect(c.joinsInFlight("k")).toHaveLength(2);
    expect(c.joinsInFlight("other")).toHaveLength(0);
    finish();
    fail(new Error("no"));
    await one;
    await two.catch(() => undefined);
    await tick();
    expect(c.joinsInFlight("k")).toHaveLength(0);
  });
});
