/**
 * Figure 5, emulator capacity: `ecs-emulator --fixture <10,000 instances>` in its own process;
 * the bench process drives it with the official SDK (ACS3-HMAC-SHA256 signed requests) from 32
 * concurrent loops for a fixed time and counts the answers. The emulator's RSS comes from
 * /proc/<pid>/status, its CPU use from /proc/<pid>/stat, so a client-bound figure shows as such.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type EcsClient from "@alicloud/ecs20140526";
import { DescribeInstancesRequest } from "@alicloud/ecs20140526";
import { cpuSeconds, emulatorClient, rssMiB, startEmulatorProcess } from "./emulator-process";
import type { BenchContext, FigureResult, Row } from "./figure-result";
import { log } from "./log";
import { round } from "./stats";
import { tempDir } from "./temp-dirs";
import { benchWorld, instanceId, REGION } from "./world";

const INSTANCES = 10_000;
const CONCURRENCY = 32;
const TARGET_RPS = 1_000;

/** `CONCURRENCY` loops sending `request()` for `seconds`; answers per second and errors. */
async function load(
  pid: number,
  client: EcsClient,
  request: () => DescribeInstancesRequest,
  seconds: number,
) {
  let ok = 0;
  let errors = 0;
  let firstError = "";
  // One more slot for answers that come back after the last whole second.
  const perSecond = new Array<number>(seconds + 1).fill(0);
  const cpu = cpuSeconds(pid);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        try {
          await client.describeInstances(request());
          ok++;
          perSecond[Math.floor((performance.now() - started) / 1000)]++;
        } catch (e) {
          errors++;
          firstError ||= (e as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    rps: round(ok / elapsed, 0),
    /** The slowest whole second: per-request work that grows with time shows here. */
    slowestSecond: Math.min(...perSecond.slice(0, seconds)),
    errors,
    firstError,
    /** Share of one core the emulator used. */
    emulatorCpu: round((cpuSeconds(pid) - cpu) / elapsed, 2),
  };
}

export async function emulatorCapacity(ctx: BenchContext): Promise<FigureResult> {
  const fixture = join(tempDir("fixture"), "world.json");
  writeFileSync(fixture, JSON.stringify(benchWorld(INSTANCES, 0)));
  const emulator = await startEmulatorProcess(["--fixture", fixture]);
  const pid = emulator.child.pid!;
  try {
    const loaded = rssMiB(pid);
    const client = emulatorClient(emulator.url);
    const random = () => instanceId(Math.floor(Math.random() * INSTANCES));
    const shapes: [string, () => DescribeInstancesRequest][] = [
      [
        "1 instance by ID",
        () =>
          new DescribeInstancesRequest({
            regionId: REGION,
            instanceIds: JSON.stringify([random()]),
          }),
      ],
      [
        "100 instances by ID (a refresh batch)",
        () =>
          new DescribeInstancesRequest({
            regionId: REGION,
            instanceIds: JSON.stringify(Array.from({ length: 100 }, random)),
            maxResults: 100,
          }),
      ],
      [
        "first page of 10, no filter (scans the world)",
        () => new DescribeInstancesRequest({ regionId: REGION }),
      ],
    ];
    const seconds = ctx.quick ? 3 : 10;
    const results: Record<string, Awaited<ReturnType<typeof load>>> = {};
    await load(pid, client, shapes[0][1], 1); // warm-up: connections, JIT
    for (const [name, request] of shapes) {
      log(`figure 5: ${name}, ${CONCURRENCY} loops for ${seconds} s`);
      results[name] = await load(pid, client, request, seconds);
    }
    const afterLoad = rssMiB(pid);
    const rows: Row[] = Object.entries(results).map(([name, r], i) => ({
      figure: "5",
      metric: `DescribeInstances/s at concurrency ${CONCURRENCY}, ${INSTANCES} instances: ${name}`,
      value:
        `${r.rps} rps, slowest second ${r.slowestSecond} (emulator at ${r.emulatorCpu} core` +
        `${r.errors ? `, ${r.errors} errors` : ""})`,
      target: i === 0 ? `>= ${TARGET_RPS}` : "report",
      pass: i === 0 ? r.slowestSecond >= TARGET_RPS && r.errors === 0 : undefined,
    }));
    rows.push({
      figure: "5",
      metric: `emulator RSS with ${INSTANCES} instances loaded (idle / after the load)`,
      value: `${loaded} MiB / ${afterLoad} MiB`,
      target: "report",
    });
    const notes = Object.entries(results)
      .filter(([, r]) => r.errors > 0)
      .map(([name, r]) => `${name}: ${r.errors} errors, first: ${r.firstError}`);
    return {
      id: 5,
      title: "Emulator capacity",
      rows,
      notes,
      details: { results, loaded, afterLoad },
    };
  } finally {
    emulator.child.kill("SIGTERM");
  }
}
