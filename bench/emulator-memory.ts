/**
 * Figure 7, emulator memory under sustained load: 1,000,000 signed requests (ACS3, the official
 * SDK, each with a fresh nonce, all logged) to `ecs-emulator` in its own process, its RSS read
 * from /proc at every quarter. The request log (200,000 entries, 64 MiB as JSON) and the nonce
 * cache (200,000 digests) are full after the first 200,000, so RSS stays under a bound instead
 * of growing with the count. RSS is sampled every 50,000 requests: it saws up and down with
 * V8's major collections, so the figure compares the peaks of the two halves and holds the
 * overall peak to `RSS_BOUND_MIB`.
 */
import { DescribeInstancesRequest } from "@alicloud/ecs20140526";
import { EmulatorControl } from "../emulator";
import { emulatorClient, rssMiB, startEmulatorProcess } from "./emulator-process";
import type { BenchContext, FigureResult, Row } from "./figure-result";
import { log } from "./log";
import { round } from "./stats";
import { instanceId, REGION } from "./world";

const REQUESTS = 1_000_000;
const QUICK_REQUESTS = 250_000;
const CONCURRENCY = 32;
const SAMPLE_EVERY = 50_000;
/** The stated bound of the emulator's RSS under sustained load. */
export const RSS_BOUND_MIB = 1024;

export async function emulatorMemory(ctx: BenchContext): Promise<FigureResult> {
  const total = ctx.quick ? QUICK_REQUESTS : REQUESTS;
  const emulator = await startEmulatorProcess([]);
  const pid = emulator.child.pid!;
  try {
    const client = emulatorClient(emulator.url);
    const request = () =>
      new DescribeInstancesRequest({
        regionId: REGION,
        instanceIds: JSON.stringify([instanceId(0)]),
      });
    const rss: { after: number; mib: number }[] = [{ after: 0, mib: rssMiB(pid) }];
    let sent = 0;
    let errors = 0;
    let firstError = "";
    const started = performance.now();
    for (let mark = SAMPLE_EVERY; mark <= total; mark += SAMPLE_EVERY) {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (sent < mark) {
            sent++;
            try {
              await client.describeInstances(request());
            } catch (e) {
              errors++;
              firstError ||= (e as Error).message;
            }
          }
        }),
      );
      rss.push({ after: mark, mib: rssMiB(pid) });
      if (mark % (4 * SAMPLE_EVERY) === 0)
        log(`figure 7: ${mark} requests, emulator RSS ${rss.at(-1)!.mib} MiB`);
    }
    const seconds = (performance.now() - started) / 1000;
    await new EmulatorControl(emulator.url).clearRequests();
    const afterClear = rssMiB(pid);
    const peak = (from: number, to: number) =>
      Math.max(...rss.filter((r) => r.after > from && r.after <= to).map((r) => r.mib));
    const firstHalf = peak(0, total / 2);
    const secondHalf = peak(total / 2, total);
    const rows: Row[] = [
      {
        figure: "7",
        metric: `emulator RSS over ${total.toLocaleString("en")} signed requests: start / peak of the first half / peak of the second half / end`,
        value: `${rss[0].mib} / ${firstHalf} / ${secondHalf} / ${rss.at(-1)!.mib} MiB`,
        target: `peak <= ${RSS_BOUND_MIB} MiB`,
        pass: Math.max(firstHalf, secondHalf) <= RSS_BOUND_MIB && errors === 0,
      },
      {
        figure: "7",
        metric: "emulator RSS after DELETE /_emulator/requests; requests per second",
        value: `${afterClear} MiB; ${round(total / seconds, 0)} rps${errors ? `, ${errors} errors` : ""}`,
        target: "report",
      },
    ];
    return {
      id: 7,
      title: "Emulator memory",
      rows,
      notes: errors ? [`${errors} errors, first: ${firstError}`] : [],
      details: { rss, afterClear, seconds: round(seconds, 1), errors },
    };
  } finally {
    emulator.child.kill("SIGTERM");
  }
}
