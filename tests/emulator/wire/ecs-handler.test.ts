/** What each step of an ECS call leaves in the answer and in the request log, by raw HTTP. */
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_IDS as ids,
  type RunningEmulator,
  startEmulator,
} from "../../../emulator";
import { acs3Request, rpcRequest, send } from "../../helpers/raw-request";

let emulator: RunningEmulator;
let host: string;
beforeAll(async () => {
  emulator = await startEmulator();
  host = emulator.endpoint;
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const lastEntry = async () => (await emulator.control.requests()).at(-1);

it("logs a call refused at verification as the caller named it, with no key or parameters", async () => {
  const raw = acs3Request({
    host,
    action: "DescribeInstances",
    params: { RegionId: ids.region },
    secret: "wrong",
  });
  expect((await send(emulator.port, raw)).status).toBe(400);
  const entry = await lastEntry();
  expect(entry).toEqual(
    expect.objectContaining({
      action: "DescribeInstances",
      method: "POST",
      params: {},
      signature: "none",
      status: 400,
      code: "SignatureDoesNotMatch",
    }),
  );
  expect(entry).not.toHaveProperty("accessKeyId");
  expect(entry).not.toHaveProperty("fault");
});

it("logs a verified call with its key and masked parameters, even for an unknown action", async () => {
  const raw = acs3Request({
    host,
    action: "DescribeUnicorns",
    params: {
      RegionId: ids.region,
      Password: "Sup3r-Secret!",
      NextToken: "abc",
      ClientToken: "t-1",
    },
  });
  expect((await send(emulator.port, raw)).status).toBe(404);
  expect(await lastEntry()).toEqual(
    expect.objectContaining({
      action: "DescribeUnicorns",
      // Paging cursors and idempotency tokens are no secrets: logged as sent.
      params: { RegionId: ids.region, Password: "***", NextToken: "abc", ClientToken: "t-1" },
      signature: "ACS3-HMAC-SHA256",
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      status: 404,
      code: "InvalidAction.NotFound",
    }),
  );
});

it("logs a dropped answer with status 0 and the rule that dropped it", async () => {
  const id = await emulator.control.addFault({ action: "DescribeInstances", drop: true });
  const raw = acs3Request({ host, action: "DescribeInstances", params: { RegionId: ids.region } });
  await expect(send(emulator.port, raw)).rejects.toThrow(/socket hang up|ECONNRESET/);
  expect(await lastEntry()).toEqual(
    expect.objectContaining({ status: 0, code: "ConnectionDropped", fault: id }),
  );
});

it("answers an error in XML under an Error root, with the request ID in body and header", async () => {
  const res = await send(
    emulator.port,
    rpcRequest({
      host,
      action: "DescribeInstances",
      params: { RegionId: ids.region, Status: "Sleeping", Format: "XML" },
    }),
  );
  expect(res.status).toBe(404);
  expect(res.headers["content-type"]).toBe("text/xml;charset=utf-8");
  expect(res.text).toMatch(/^<\?xml[^>]*><Error><RequestId>[0-9A-F-]{36}<\/RequestId>/);
  expect(res.text).toContain("<Code>InvalidStatus.NotFound</Code>");
  expect(res.text).toContain(`<RequestId>${res.headers["x-acs-request-id"]}</RequestId>`);
});

it("answers InternalError when a fault rule asks for a status HTTP cannot carry", async () => {
  await emulator.control.addFault({ action: "DescribeInstances", code: "Odd", status: 1000 });
  const raw = acs3Request({ host, action: "DescribeInstances", params: { RegionId: ids.region } });
  const res = await send(emulator.port, raw);
  expect({ status: res.status, code: res.json.Code }).toEqual({
    status: 500,
    code: "InternalError",
  });
  expect(await lastEntry()).toEqual(
    expect.objectContaining({ status: 500, code: "InternalError" }),
  );
});
