/**
 * The cloud's bad days, scripted in the emulator: 5xx answers, dropped connections (before and
 * after the write was applied: the "answer lost" case, DESIGN decision 3) and answers slower
 * than the SDK read timeout. Each ends with exactly one membership, and the log shows the retries.
 */

import type { FaultRule } from "../../emulator";
import {
  createMembership,
  groupsOf,
  ids,
  integrationSuite,
  logOf,
  outcomes,
  setEnv,
} from "./helpers";

const s = integrationSuite();
const args = { instanceId: ids.web1, securityGroupId: ids.dbGroup, regionId: ids.region };
const ALREADY = "InvalidInstanceId.AlreadyExists";

/** The target is in the group exactly once, next to the group it started in. */
async function expectOneMembership() {
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.dbGroup]);
}

/** Waits until the log holds `n` requests of `action` (answers that arrive after the retry). */
async function logged(action: string, n: number) {
  for (let i = 0; i < 100 && (await logOf(s.control, action)).length < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return outcomes(s.control, action);
}

const join = (rule: FaultRule): FaultRule => ({ action: "JoinSecurityGroup", count: 1, ...rule });

describe("create retries and ends with one membership", () => {
  test.each([
    {
      name: "ServiceUnavailable (503), twice",
      rule: join({ code: "ServiceUnavailable", count: 2 }),
      joins: ["ServiceUnavailable", "ServiceUnavailable", "OK"],
    },
    {
      name: "InternalError (500)",
      rule: join({ code: "InternalError" }),
      joins: ["InternalError", "OK"],
    },
    {
      name: "InternalError (500) after the Join was applied",
      rule: join({ code: "InternalError", afterApply: true }),
      joins: ["InternalError", ALREADY],
    },
    {
      name: "a dropped connection before the Join was applied",
      rule: join({ drop: true }),
      joins: ["ConnectionDropped", "OK"],
    },
    {
      name: "a dropped connection after the Join was applied (answer lost)",
      rule: join({ drop: true, afterApply: true }),
      joins: ["ConnectionDropped", ALREADY],
    },
  ])("$name", async ({ rule, joins }) => {
    await s.control.addFault(rule);
    const { outs } = await createMembership(s.rt, args);
    // An "already a member" answer to our own retry is success, not adoption.
    expect(outs).toMatchObject({
      adopted: false,
      targetSecurityGroupIds: [ids.webGroup, ids.dbGroup],
    });
    expect(await outcomes(s.control, "JoinSecurityGroup")).toEqual(joins);
    await expectOneMembership();
  });
});

describe("answers slower than the SDK read timeout", () => {
  let restore: () => void;
  beforeEach(() => (restore = setEnv({ SG_MEMBERSHIP_READ_TIMEOUT_MS: "400" })));
  afterEach(() => restore());

  test("a slow Join applied only after the timeout: the retry joins, the late one finds it done", async () => {
    await s.control.addFault(join({ latencyMs: 1200 }));
    const { outs } = await createMembership(s.rt, args);
    expect(outs.targetSecurityGroupIds).toEqual([ids.webGroup, ids.dbGroup]);
    // The late first attempt is logged when the emulator answers it, after the retry.
    expect((await logged("JoinSecurityGroup", 2)).sort()).toEqual([ALREADY, "OK"]);
    await expectOneMembership();
  });

  test("a slow answer to a Join applied at once (answer lost): the retry's AlreadyExists is success", async () => {
    await s.control.addFault(join({ latencyMs: 1200, afterApply: true }));
    const { outs } = await createMembership(s.rt, args);
    expect(outs).toMatchObject({
      adopted: false,
      targetSecurityGroupIds: [ids.webGroup, ids.dbGroup],
    });
    expect((await logged("JoinSecurityGroup", 2)).sort()).toEqual([ALREADY, "OK"]);
    await expectOneMembership();
  });

  test("a slow DescribeInstances during read is retried", async () => {
    await s.control.addFault({ action: "DescribeInstances", latencyMs: 1200, count: 1 });
    const id = `${ids.region}/${ids.web1}/${ids.webGroup}`;
    expect((await s.rt.read(id, {})).id).toBe(id);
    expect((await logged("DescribeInstances", 2)).length).toBe(2);
  });
});

describe("delete retries and ends with the membership gone", () => {
  test.each([
    {
      name: "ServiceUnavailable (503)",
      rule: { code: "ServiceUnavailable" },
      leaves: ["ServiceUnavailable", "OK"],
    },
    {
      name: "a dropped connection after the Leave was applied (answer lost)",
      rule: { drop: true, afterApply: true },
      leaves: ["ConnectionDropped", "InvalidSecurityGroupAssociation.NotFound"],
    },
  ])("$name", async ({ rule, leaves }) => {
    const { id, state } = await createMembership(s.rt, args);
    await s.control.addFault({ action: "LeaveSecurityGroup", count: 1, ...rule });
    await s.rt.delete(id, state);
    expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual(leaves);
    expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
  });
});

test("a read that meets 5xx answers retries them", async () => {
  await s.control.addFault({
    action: "DescribeNetworkInterfaces",
    code: "InternalError",
    count: 2,
  });
  const id = `${ids.region}/${ids.availableEni}/${ids.appGroup}`;
  expect((await s.rt.read(id, {})).props).toMatchObject({ targetSecurityGroupIds: [ids.appGroup] });
  expect(await outcomes(s.control, "DescribeNetworkInterfaces")).toEqual([
    "InternalError",
    "InternalError",
    "OK",
  ]);
});
