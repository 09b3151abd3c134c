/**
 * Throttling: bursts of `Throttling.User` with and without `x-acs-retry-after`, and a rate
 * limit by requests per second. Each test gets a fresh runtime (a new plugin process), because
 * the provider's adaptive rate limiter remembers throttling for the life of the process.
 */

import {
  createMembership,
  endOf,
  groupsOf,
  ids,
  integrationSuite,
  logOf,
  outcomes,
  startOf,
} from "./helpers";

const s = integrationSuite({ fresh: true });
const THROTTLED = "Throttling.User";
const args = { instanceId: ids.web1, securityGroupId: ids.dbGroup, regionId: ids.region };

test("a burst of Throttling.User is retried until the Join goes through, once", async () => {
  await s.control.addFault({ action: "JoinSecurityGroup", code: THROTTLED, count: 2 });
  const { outs } = await createMembership(s.rt, args);
  expect(outs.targetSecurityGroupIds).toEqual([ids.webGroup, ids.dbGroup]);
  expect(await outcomes(s.control, "JoinSecurityGroup")).toEqual([THROTTLED, THROTTLED, "OK"]);
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.dbGroup]);
});

test("x-acs-retry-after is honoured: the retry waits at least that long", async () => {
  // 2.5 s is longer than the pause the rate limiter alone makes after one throttle (2 s).
  const retryAfterMs = 2_500;
  await s.control.addFault({
    action: "JoinSecurityGroup",
    code: THROTTLED,
    count: 1,
    retryAfterMs,
  });
  await createMembership(s.rt, args);
  const joins = await logOf(s.control, "JoinSecurityGroup");
  expect(joins.map((r) => r.code ?? "OK")).toEqual([THROTTLED, "OK"]);
  expect(startOf(joins[1]) - endOf(joins[0])).toBeGreaterThanOrEqual(retryAfterMs - 5);
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.dbGroup]);
});

test("a rate limit of 2 Joins per second: 5 concurrent creates on 5 targets all land once", async () => {
  await s.control.addFault({ action: "JoinSecurityGroup", ratePerSecond: 2 });
  const targets = [ids.web1, ids.web2, ids.web3, ids.stopped, ids.availableEni];
  const results = await Promise.all(
    targets.map((t) =>
      createMembership(s.rt, {
        ...(t.startsWith("i-") ? { instanceId: t } : { networkInterfaceId: t }),
        securityGroupId: ids.dbGroup,
        regionId: ids.region,
      }),
    ),
  );
  expect(results.map((r) => r.id)).toEqual(targets.map((t) => `${ids.region}/${t}/${ids.dbGroup}`));
  const joins = await outcomes(s.control, "JoinSecurityGroup");
  expect(joins.filter((c) => c === "OK")).toHaveLength(5);
  expect(joins.filter((c) => c === THROTTLED).length).toBeGreaterThan(0);
  expect(joins.every((c) => c === "OK" || c === THROTTLED)).toBe(true);
  for (const t of targets) {
    const groups = (await groupsOf(s.control, t))!;
    expect(groups.filter((g) => g === ids.dbGroup)).toHaveLength(1);
  }
});
