/**
 * The ECS call log (`SG_MEMBERSHIP_LOG_ECS_CALLS=true`) through the real SDK and the emulator:
 * one line per HTTP call with action, IDs, attempt, status, code, RequestId and duration, the
 * RequestIds the emulator logged, and never a credential, token or signature.
 */

import { DEFAULT_STS } from "../../emulator";
import { createRuntime } from "../../provider/runtime/runtime";
import { systemClock } from "../../provider/resilience/clock";
import { checkedInputs, configure, ids, integrationSuite, setEnv, type Runtime } from "./helpers";

const s = integrationSuite();

const STS_CONFIG = {
  "alicloud:accessKey": DEFAULT_STS.accessKeyId,
  "alicloud:secretKey": DEFAULT_STS.accessKeySecret,
  "alicloud:securityToken": DEFAULT_STS.securityToken,
};

async function loggingRuntime(flag: string | undefined) {
  const lines: string[] = [];
  const restore = setEnv({ SG_MEMBERSHIP_LOG_ECS_CALLS: flag });
  const rt: Runtime = createRuntime({
    clock: systemClock,
    env: process.env,
    notify: (m) => lines.push(m),
  });
  await configure(rt, STS_CONFIG);
  return { rt, lines, restore };
}

const web1 = { instanceId: ids.web1, securityGroupId: ids.appGroup, regionId: ids.region };

test("every call is logged with its attempt, status, code and RequestId; no secret appears", async () => {
  const { rt, lines, restore } = await loggingRuntime("true");
  try {
    await s.control.addFault({ action: "JoinSecurityGroup", code: "Throttling.User", count: 1 });
    const { id } = await rt.create(await checkedInputs(rt, web1));
    await rt.delete(id, {});
  } finally {
    restore();
  }
  const logged = await s.control.requests();
  const ecsLines = lines.filter((l) => l.startsWith("ecs: "));
  // One line per HTTP request the emulator saw.
  expect(ecsLines).toHaveLength(logged.length);
  const joins = ecsLines.filter((l) => l.startsWith("ecs: JoinSecurityGroup "));
  const head = `ecs: JoinSecurityGroup ${ids.region} ${ids.web1} ${ids.appGroup}`;
  expect(joins[0]).toMatch(
    new RegExp(`^${head} attempt 1: HTTP 400 Throttling\\.User, RequestId [\\w-]+, \\d+ms$`),
  );
  expect(joins[1]).toMatch(
    new RegExp(`^${head} attempt 2: HTTP 200 OK, RequestId [\\w-]+, \\d+ms$`),
  );
  // The RequestIds are the ones ECS answered.
  const joinIds = logged.filter((r) => r.action === "JoinSecurityGroup").map((r) => r.requestId);
  for (const [n, requestId] of joinIds.entries())
    expect(joins[n]).toContain(`RequestId ${requestId}`);
  expect(ecsLines.some((l) => l.startsWith(`ecs: LeaveSecurityGroup ${ids.region}`))).toBe(true);
  expect(ecsLines.some((l) => /^ecs: DescribeInstances \S+ \S+: HTTP 200 OK/.test(l))).toBe(true);
  const text = lines.join("\n");
  for (const secret of [
    DEFAULT_STS.accessKeySecret,
    DEFAULT_STS.securityToken,
    DEFAULT_STS.accessKeyId,
  ]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/Signature|Authorization|AccessKey/i);
});

test("off by default: no line for a fast run", async () => {
  const { rt, lines, restore } = await loggingRuntime(undefined);
  try {
    const { id } = await rt.create(await checkedInputs(rt, web1));
    await rt.delete(id, {});
  } finally {
    restore();
  }
  expect(lines).toEqual([]);
});
