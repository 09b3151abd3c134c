/**
 * Fuzz test of the wire layer: random and mutated requests (methods, targets, headers, encodings,
 * bodies), sent byte for byte over a socket (fuzz-requests.ts). Whatever comes in, the emulator
 * answers, never with a 5xx of its own (no fault rules are set), and holds no more memory than its
 * bounds. fast-check prints the seed and the shrunk request on failure; `FUZZ_SEED=N` replays one.
 */
import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { acs3Request, rpcRequest } from "../../helpers/raw-request";
import { $Ecs, ecsClient } from "../../helpers/ecs-client";
import {
  type Answer,
  controlRequest,
  exchange,
  fromRaw,
  mutate,
  mutatedRequest,
  randomRequest,
  type Wire,
} from "./fuzz-requests";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

function withHost(w: Wire): Wire {
  const hostValue = emulator.endpoint;
  return {
    ...w,
    headers: w.headers.map(([k, v]) => [k, k === "host" && v === "LOOPBACK" ? hostValue : v]),
  };
}

/**
 * Refused before any route: what node:http cannot parse (client-error.ts), and HTTP/1.1 without a
 * Host, which node:http answers itself with an empty 400.
 */
const unparsed = (a: Answer) =>
  [400, 408, 431].includes(a.status) &&
  (/^\{"error":"malformed HTTP request/.test(a.body) || a.body === "");

/** What every answer from the ECS path must be: an answer, never a 5xx, in the ECS form. */
function checkEcsAnswer(w: Wire, a: Answer) {
  expect(a.status).toBeGreaterThanOrEqual(200);
  expect(a.status).toBeLessThan(500);
  if (w.method === "HEAD" || unparsed(a)) return;
  expect(a.head).toMatch(/x-acs-request-id: [0-9A-F-]{36}/i);
  if (/content-type: text\/xml/i.test(a.head)) {
    expect(a.body).toMatch(/^<\?xml /);
    return;
  }
  const parsed = JSON.parse(a.body) as Record<string, unknown>;
  expect(parsed.RequestId).toEqual(expect.any(String));
  if (a.status >= 400) expect(parsed.Code).toEqual(expect.any(String));
}

it("random requests to the ECS API: always an answer, never a 5xx, memory bounded", async () => {
  gc();
  const before = process.memoryUsage().heapUsed;
  await fc.assert(
    fc.asyncProperty(randomRequest, async (w) => {
      const sent = withHost(w);
      checkEcsAnswer(sent, await exchange(emulator.port, sent));
    }),
    { seed: SEED, numRuns: 600 },
  );
  await fc.assert(
    fc.asyncProperty(mutatedRequest, async ({ acs3, action, params, mutations }) => {
      const sign = { host: emulator.endpoint, action, params };
      const raw = acs3 ? acs3Request(sign) : rpcRequest({ ...sign, method: "POST", inBody: true });
      let w = fromRaw(raw);
      for (const m of mutations) w = mutate(w, m);
      checkEcsAnswer(w, await exchange(emulator.port, w));
    }),
    { seed: SEED, numRuns: 800 },
  );
  gc();
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(40 * MiB);
  const res = await ecsClient(emulator.endpoint).describeSecurityGroups(
    new $Ecs.DescribeSecurityGroupsRequest({ regionId: ids.region }),
  );
  expect(res.statusCode).toBe(200);
});

it("random requests to the control API: never a 5xx, always JSON", async () => {
  await fc.assert(
    fc.asyncProperty(controlRequest, async (r) => {
      const w = withHost({
        method: r.method,
        target: `/_emulator/${r.path}${r.query ? `?${r.query}` : ""}`,
        headers: [
          ["host", r.host],
          ...(r.contentType ? [["content-type", r.contentType] as [string, string]] : []),
        ],
        body: r.body,
      });
      const a = await exchange(emulator.port, w);
      expect(a.status).toBeGreaterThanOrEqual(200);
      expect(a.status).toBeLessThan(500);
      if (!unparsed(a)) expect(() => JSON.parse(a.body)).not.toThrow();
      await emulator.control.reset();
    }),
    { seed: SEED, numRuns: 300 },
  );
});
