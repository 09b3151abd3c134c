/** A body over the limit is answered 413 with an error body the client gets to read, not a reset. */
import { request } from "node:http";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { MAX_BODY_BYTES } from "../../../emulator/wire/request";
import { $Ecs, ecsClient } from "../../helpers/ecs-client";
import { exchange } from "./fuzz-requests";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

/** POSTs `bytes` bytes in 64 KiB chunks, as a client streaming an upload does. */
function postLarge(path: string, bytes: number, contentType: string) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: emulator.port,
        method: "POST",
        path,
        headers: { "content-type": contentType, "content-length": bytes },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, "a");
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const piece = chunk.subarray(0, Math.min(chunk.length, left));
        left -= piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const FIFTY_MB = 50 * 1024 * 1024;

it("answers a 50 MB ECS call 413 in the ECS error form, and logs it", async () => {
  const res = await postLarge("/", FIFTY_MB, "application/x-www-form-urlencoded");
  expect(res.status).toBe(413);
  expect(res.json).toEqual(
    expect.objectContaining({
      Code: "RequestEntityTooLarge",
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
    }),
  );
  expect(String(res.json.Message)).toContain(String(MAX_BODY_BYTES));
  const log = await emulator.control.requests();
  expect(log.map((e) => [e.status, e.code])).toEqual([[413, "RequestEntityTooLarge"]]);
});

it("answers a 50 MB control call 413 with a JSON error", async () => {
  const res = await postLarge("/_emulator/faults", FIFTY_MB, "application/json");
  expect(res.status).toBe(413);
  expect(res.json.error).toContain(String(MAX_BODY_BYTES));
});

it("takes a body of exactly the limit, and keeps serving after a refusal", async () => {
  await postLarge("/", MAX_BODY_BYTES + 1, "application/x-www-form-urlencoded");
  const atLimit = await postLarge("/", MAX_BODY_BYTES, "application/x-www-form-urlencoded");
  expect(atLimit.status).toBe(400);
  const res = await ecsClient(emulator.endpoint).describeInstances(
    new $Ecs.DescribeInstancesRequest({ regionId: ids.region }),
  );
  expect(res.statusCode).toBe(200);
});

it.each([
  ["an unknown method", "FOO", {}, 400],
  ["a head over 16 KB", "POST", { "x-acs-action": "x".repeat(20_000) }, 431],
])(
  "answers a request node:http cannot parse (%s), with a 1 MB body, in JSON",
  async (_what, method, extra, status) => {
    const res = await exchange(emulator.port, {
      method,
      target: "/",
      headers: [["host", emulator.endpoint], ...Object.entries(extra)],
      body: Buffer.alloc(1_000_000, "a"),
    });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).error).toMatch(/^malformed HTTP request \(HPE_/);
  },
);
