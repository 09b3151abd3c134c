/**
 * What a hostile caller can make the emulator hold: large unsigned calls (request log) and long
 * signed nonces (replay cache). Measured on the heap after a full collection.
 */
import { request } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { rpcRequest, send } from "../../helpers/raw-request";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

function postForm(body: string) {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: emulator.port,
        method: "POST",
        path: "/",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

it("150 unsigned POSTs with a 1 MB Action leave a small log, and DELETE frees it", async () => {
  const before = heapUsed();
  for (let n = 0; n < 150; n++) {
    const body = `Action=${String(n % 10).repeat(1_000_000)}`;
    expect(await postForm(body)).toBe(400);
  }
  const res = await fetch(`${emulator.url}/_emulator/requests`);
  const text = await res.text();
  expect(JSON.parse(text).requests).toHaveLength(150);
  expect(text.length).toBeLessThan(MiB);
  expect(heapUsed() - before).toBeLessThan(20 * MiB);
  await emulator.control.clearRequests();
  expect(heapUsed() - before).toBeLessThan(10 * MiB);
});

it("1000 signed calls with 100 KB nonces do not keep the nonces", async () => {
  const host = emulator.endpoint;
  const before = heapUsed();
  for (let n = 0; n < 1000; n++) {
    // In a form body: node:http refuses headers and URLs over 16 KB.
    const raw = rpcRequest({
      host,
      action: "DescribeRegionsNotHere",
      method: "POST",
      inBody: true,
      params: { RegionId: ids.region },
      nonce: `${n}-`.padEnd(100_000, "x"),
    });
    expect((await send(emulator.port, raw)).status).toBe(404);
  }
  await emulator.control.clearRequests();
  expect(heapUsed() - before).toBeLessThan(20 * MiB);
});
