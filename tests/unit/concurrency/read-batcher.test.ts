import { ReadBatcher } from "../../../provider/concurrency/read-batcher";
import { TargetReader } from "../../../provider/concurrency/target-reader";
import type { TargetRef } from "../../../provider/schema/model";
import { ecsError, FakeEcs } from "../helpers/fake-ecs";

/** A loader that records the batches it gets. */
function recordingLoader() {
  const batches: string[][] = [];
  const load = async (keys: string[]) => {
    batches.push(keys);
    return new Map(keys.map((k) => [k, `value-${k}`]));
  };
  return { batches, load };
}

describe("ReadBatcher", () => {
  test.each([
    ["in order", (i: number) => `i-${i % 120}`],
    ["interleaved", (i: number) => `i-${(i * 7) % 120}`],
  ])(
    "250 reads of 120 keys in flight together (%s): 2 calls, at most 100 keys each",
    async (_name, keyOf) => {
      const { batches, load } = recordingLoader();
      const batcher = new ReadBatcher(load, { maxBatchSize: 100 });
      const keys = Array.from({ length: 250 }, (_, i) => keyOf(i));
      const values = await Promise.all(keys.map((k) => batcher.get(k)));
      expect(values).toEqual(keys.map((k) => `value-${k}`));
      expect(batches.map((b) => b.length)).toEqual([100, 20]);
      expect(new Set(batches.flat()).size).toBe(120);
    },
  );

  test("a key absent from the answer reads as undefined", async () => {
    const batcher = new ReadBatcher(async () => new Map([["a", 1]]));
    expect(await Promise.all([batcher.get("a"), batcher.get("b")])).toEqual([1, undefined]);
  });

  test("nothing is cached: a read after a batch was sent makes a new call", async () => {
    const { batches, load } = recordingLoader();
    const batcher = new ReadBatcher(load);
    await batcher.get("a");
    await batcher.get("a");
    expect(batches).toEqual([["a"], ["a"]]);
  });

  test("a failed call rejects every read in its batch", async () => {
    const batcher = new ReadBatcher<string>(async () => {
      throw new Error("boom");
    });
    const results = await Promise.allSettled([
      batcher.get("a"),
      batcher.get("b"),
      batcher.get("a"),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
  });

  test("the window closes after idle time, and at the latest after maxWaitMs", async () => {
    const timers: { run: () => void; ms: number }[] = [];
    let now = 0;
    const { batches, load } = recordingLoader();
    const batcher = new ReadBatcher(load, {
      windowMs: 10,
      maxWaitMs: 25,
      now: () => now,
      timers: {
        set: (run, ms) => timers.push({ run, ms }) - 1,
        clear: (h) => (timers[h as number].run = () => undefined),
      },
    });
    void batcher.get("a");
    now = 8;
    void batcher.get("b");
    now = 20;
    void batcher.get("c");
    expect(timers.map((t) => t.ms)).toEqual([10, 10, 5]); // the third is capped by maxWaitMs
    timers.forEach((t) => t.run());
    await Promise.resolve();
    expect(batches).toEqual([["a", "b", "c"]]);
  });

  test("reads arriving over a few milliseconds still share the window", async () => {
    const { batches, load } = recordingLoader();
    const batcher = new ReadBatcher(load, { windowMs: 10, maxWaitMs: 200 });
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      reads.push(batcher.get(`i-${i}`));
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(reads);
    expect(batches).toHaveLength(1);
  });

  test("a read arriving for a key already in the window keeps the window open", async () => {
    const timers: { run: () => void; ms: number }[] = [];
    const batcher = new ReadBatcher(recordingLoader().load, {
      windowMs: 10,
      timers: {
        set: (run, ms) => timers.push({ run, ms }) - 1,
        clear: (h) => (timers[h as number].run = () => undefined),
      },
    });
    void batcher.get("a");
    void batcher.get("a");
    expect(timers).toHaveLength(2); // re-armed by the duplicate
  });

  test("the idle close runs after pending I/O: a read handled before it joins the window", async () => {
    const timers: (() => void)[] = [];
    const deferred: (() => void)[] = [];
    const { batches, load } = recordingLoader();
    const batcher = new ReadBatcher(load, {
      windowMs: 10,
      timers: {
        set: (run) => timers.push(run) - 1,
        clear: () => undefined,
        defer: (run) => deferred.push(run),
      },
    });
    void batcher.get("a");
    timers[0](); // the idle time is up while a read for "b" waits to be handled
    void batcher.get("b");
    deferred.shift()!(); // stale: "b" re-armed the window
    await Promise.resolve();
    expect(batches).toEqual([]);
    timers[1]();
    deferred.shift()!();
    await Promise.resolve();
    expect(batches).toEqual([["a", "b"]]);
  });

  test("closeAtLastSize: once a window closed with P reads, the next closes as soon as P are in", async () => {
    const { batches, load } = recordingLoader();
    const batcher = new ReadBatcher(load, {
      windowMs: 1_000,
      maxWaitMs: 5_000,
      closeAtLastSize: true,
    });
    const started = Date.now();
    await Promise.all(["a", "b", "c"].map((k) => batcher.get(k))); // closes after 1 s idle
    const firstRound = Date.now() - started;
    await Promise.all(["d", "e", "a"].map((k) => batcher.get(k))); // closes at once
    expect(firstRound).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started - firstRound).toBeLessThan(500);
    expect(batches).toEqual([
      ["a", "b", "c"],
      ["d", "e", "a"],
    ]);
  });

  test("groups share the window but never a call, and chunk on their own", async () => {
    const { batches, load } = recordingLoader();
    const batcher = new ReadBatcher(load, { maxBatchSize: 2, groupOf: (k) => k[0] });
    await Promise.all(["x1", "y1", "x2", "x3", "y2"].map((k) => batcher.get(k)));
    expect(batches).toEqual([["x1", "x2"], ["x3"], ["y1", "y2"]]);
  });

  test("calls beyond maxInFlight wait, and queued chunks merge into fuller ones", async () => {
    const batches: string[][] = [];
    const release: (() => void)[] = [];
    const batcher = new ReadBatcher(
      (keys) => {
        batches.push(keys);
        return new Promise<Map<string, string>>((resolve) =>
          release.push(() => resolve(new Map())),
        );
      },
      { maxBatchSize: 2, maxInFlight: 1 },
    );
    const reads = ["a", "b", "c", "d"].map((k) => batcher.get(k));
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toEqual([["a", "b"]]);
    release.shift()!();
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    release.shift()!();
    await Promise.all(reads);
  });
});

describe("TargetReader", () => {
  const region = "cn-hangzhou";
  const ref = (id: string): TargetRef => ({
    kind: id.startsWith("eni-") ? "networkInterface" : "instance",
    id,
    regionId: region,
  });

  test("reads of instances and ENIs go to their own batched Describe call", async () => {
    const ecs = new FakeEcs()
      .addTarget("i-1", ["sg-1"])
      .addTarget("i-2", ["sg-2"])
      .addTarget("eni-1", ["sg-3"]);
    const reader = new TargetReader(ecs);
    const seen = await Promise.all(
      ["i-1", "i-2", "eni-1", "i-9"].map((id) => reader.read(ref(id))),
    );
    expect(seen).toEqual([
      { id: "i-1", securityGroupIds: ["sg-1"], tags: {} },
      { id: "i-2", securityGroupIds: ["sg-2"], tags: {} },
      { id: "eni-1", securityGroupIds: ["sg-3"], tags: {} },
      null,
    ]);
    expect(ecs.calls).toHaveLength(2);
    expect(ecs.calls).toEqual(
      expect.arrayContaining([
        { action: "DescribeInstances", detail: "i-1,i-2,i-9" },
        { action: "DescribeNetworkInterfaces", detail: "eni-1" },
      ]),
    );
  });

  test("refresh reads arriving over time share one call per kind and 100 targets", async () => {
    const ecs = new FakeEcs();
    const ids = [
      ...Array.from({ length: 250 }, (_, i) => `i-${i}`),
      ...Array.from({ length: 50 }, (_, i) => `eni-${i}`),
    ];
    for (const id of ids) ecs.addTarget(id, ["sg-1"]);
    const reader = new TargetReader(ecs);
    const reads: Promise<unknown>[] = [];
    for (let k = 0; k < 1_000; k++) {
      reads.push(reader.read(ref(ids[k % ids.length]), "refresh"));
      if (k % 50 === 49) await new Promise((r) => setTimeout(r, 20)); // the engine's pace
    }
    await Promise.all(reads);
    expect(ecs.count("DescribeInstances")).toBe(3);
    expect(ecs.count("DescribeNetworkInterfaces")).toBe(1);
  });

  test("a batch failing as not found is split until the missing target is alone", async () => {
    const ecs = new FakeEcs().addTarget("eni-1", ["sg-1"]).addTarget("eni-2", ["sg-2"]);
    const original = ecs.describeNetworkInterfaces.bind(ecs);
    ecs.describeNetworkInterfaces = async (r, ids) => {
      if (ids.includes("eni-9"))
        throw ecsError("DescribeNetworkInterfaces", "InvalidEniId.NotFound", { status: 404 });
      return original(r, ids);
    };
    const reader = new TargetReader(ecs);
    const seen = await Promise.all(["eni-1", "eni-9", "eni-2"].map((id) => reader.read(ref(id))));
    expect(seen.map((s) => s?.id ?? null)).toEqual(["eni-1", null, "eni-2"]);
  });

  test("other failures reach every reader", async () => {
    const ecs = new FakeEcs().addTarget("i-1", ["sg-1"]);
    ecs.script(
      "DescribeInstances",
      ecsError("DescribeInstances", "ServiceUnavailable", { status: 503 }),
    );
    const reader = new TargetReader(ecs);
    await expect(reader.read(ref("i-1"))).rejects.toMatchObject({ code: "ServiceUnavailable" });
  });
});
