/**
 * What every official client must see when it talks to the emulator, for each signature it can
 * send: the membership lifecycle, error codes and HTTP statuses, STS, a wrong secret, an injected
 * throttle, its own default retry, and paging. Each test starts from the default world, runs the
 * client program once with a plan, and compares what the client printed with the emulator's
 * state and request log (the expected values come from there, not from this file).
 */
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_IDS as ids,
  DEFAULT_STS,
  type RequestLogEntry,
  type RunningEmulator,
  startEmulator,
  type WorldSnapshot,
} from "../../emulator";
import type { SignatureChoice } from "../helpers/ecs-client";
import { type Body, type Outcome, type Program, runPlan, type Step } from "./plan";
import { SETUP_TIMEOUT_MS, type SdkClient } from "./sdk-clients";

const KEY = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };
const STS = { ...DEFAULT_STS };
const region = ids.region;

/** Gateway refusals: the log does not know the caller's signature or key for them. */
const AUTH_FAILURES = new Set([
  "SignatureDoesNotMatch",
  "InvalidSecurityToken.MismatchWithAccessKey",
  "MissingSecurityToken",
]);

/** The groups the emulator holds for an instance (its primary ENI's) or an ENI. */
function groupsOf(world: WorldSnapshot, target: string): string[] {
  const eni = world.networkInterfaces.find((e) =>
    target.startsWith("i-")
      ? e.type === "Primary" && e.instanceId === target
      : e.networkInterfaceId === target,
  );
  if (!eni) throw new Error(`no ${target} in the emulator's world`);
  return eni.securityGroupIds;
}

const sorted = (list: string[]) => [...list].sort();
const groupIdsIn = (value: unknown) =>
  sorted(((value as Body | undefined)?.SecurityGroupId ?? []) as string[]);
const items = (body: Body | undefined, wrapper: string, item: string, id: string) =>
  (((body?.[wrapper] as Body | undefined)?.[item] ?? []) as Body[]).map((entry) => ({
    id: String(entry[id]),
    groups: groupIdsIn(entry.SecurityGroupIds),
  }));
const instancesIn = (o: Outcome) => items(o.body, "Instances", "Instance", "InstanceId");
const enisIn = (o: Outcome) =>
  items(o.body, "NetworkInterfaceSets", "NetworkInterfaceSet", "NetworkInterfaceId");
const groupsIn = (o: Outcome) =>
  items(o.body, "SecurityGroups", "SecurityGroup", "SecurityGroupId").map((g) => g.id);

/**
 * A NextToken as the request log shows it: the log masks every parameter whose name contains
 * "token" (emulator/wire/request.ts, SECRET_PARAM), so either the token or its mask.
 */
const loggedToken = (token: unknown) =>
  token === undefined
    ? undefined
    : expect.stringMatching(new RegExp(`^(${String(token).replace(/\W/g, "\\$&")}|\\*\\*\\*)$`));

/** A copy of the world with `count` more groups, and `count` more instances in a new group. */
function crowded(world: WorldSnapshot, count: number, pageGroup: string) {
  const template = world.instances.find((i) => i.instanceId === ids.web1)!;
  const primary = world.networkInterfaces.find(
    (e) => e.networkInterfaceId === template.primaryNetworkInterfaceId,
  )!;
  const group = world.securityGroups.find((g) => g.securityGroupId === ids.webGroup)!;
  world.securityGroups.push({ ...group, securityGroupId: pageGroup, securityGroupName: "page" });
  for (let n = 1; n <= count; n++) {
    const instanceId = `i-bp1page${String(n).padStart(15, "0")}`;
    const eniId = `eni-bp1page${String(n).padStart(14, "0")}`;
    const ip = `192.168.1.${n}`;
    world.securityGroups.push({
      ...group,
      securityGroupId: `sg-bp1page${String(n).padStart(13, "0")}`,
      securityGroupName: `page-${n}`,
    });
    world.instances.push({
      ...template,
      instanceId,
      instanceName: `page-${n}`,
      primaryNetworkInterfaceId: eniId,
      privateIpAddress: ip,
    });
    world.networkInterfaces.push({
      ...primary,
      networkInterfaceId: eniId,
      instanceId,
      securityGroupIds: [pageGroup],
      privateIpAddress: ip,
      macAddress: `00:16:3e:00:02:${n.toString(16).padStart(2, "0")}`,
    });
  }
}

export function describeClient(client: SdkClient) {
  describe(client.label, () => {
    let emulator: RunningEmulator;
    let program: Program;
    beforeAll(async () => {
      program = client.program();
      emulator = await startEmulator();
    }, SETUP_TIMEOUT_MS);
    afterAll(() => emulator?.stop());
    beforeEach(() => emulator.control.reset());

    /** Runs the steps in one client process; returns what it printed and the log of the run. */
    async function run(steps: Step[]) {
      const outcomes = await runPlan(program, {
        sdk: client.sdk,
        endpoint: emulator.endpoint,
        regionId: region,
        steps,
      });
      const log = await emulator.control.requests();
      return { outcomes, log };
    }

    /**
     * The client saw what the emulator answered, answer by answer: the same RequestId, status and
     * code (as the SDK surfaces it), the error type the SDK raises for that status, and the
     * emulator saw the signature and key the step asked for.
     */
    function expectSeenAsLogged(
      steps: Step[],
      outcomes: Outcome[],
      log: RequestLogEntry[],
      retryAfterRule?: string,
    ) {
      const seen = outcomes.map((o) => ({
        action: o.action,
        requestId: o.ok ? o.requestId : o.error?.requestId,
        status: o.ok ? (o.status ?? 200) : o.error?.status,
        code: o.ok ? undefined : o.error?.code,
        type: o.ok ? undefined : o.error?.type,
      }));
      const logged = log.map((e) => ({
        action: e.action,
        requestId: e.requestId,
        status: e.status,
        code: e.code === "SignatureDoesNotMatch" ? client.wrongSecretCode : e.code,
        type:
          e.code === undefined
            ? undefined
            : client.errorType(
                e.status,
                retryAfterRule !== undefined && e.fault === retryAfterRule,
              ),
      }));
      expect(seen).toEqual(logged);
      const callers = outcomes.map((o) => {
        const step = steps[o.step];
        return { signature: step.signature, accessKeyId: step.credentials.accessKeyId };
      });
      log.forEach((entry, i) => {
        if (AUTH_FAILURES.has(entry.code ?? "")) return;
        expect({ signature: entry.signature, accessKeyId: entry.accessKeyId }).toEqual(callers[i]);
      });
    }

    describe.each(client.signatures)("signed %s", (signature: SignatureChoice) => {
      const step = (action: string, params: Step["params"], extra: Partial<Step> = {}): Step => ({
        action,
        params,
        signature,
        credentials: KEY,
        ...extra,
      });

      it("joins an instance and an ENI, shows the group in every Describe, and leaves", async () => {
        const before = await emulator.control.state();
        const eniBefore = groupsOf(before, ids.availableEni);
        const instanceBefore = groupsOf(before, ids.web1);
        const primaryEni = before.instances.find(
          (i) => i.instanceId === ids.web1,
        )!.primaryNetworkInterfaceId;
        expect(instanceBefore).not.toContain(ids.appGroup);
        expect(eniBefore).not.toContain(ids.dbGroup);
        const instance = { InstanceId: ids.web1, SecurityGroupId: ids.appGroup };
        const eni = {
          NetworkInterfaceId: ids.availableEni,
          SecurityGroupId: ids.dbGroup,
          RegionId: region,
        };
        const steps = [
          step("JoinSecurityGroup", instance),
          step("DescribeInstanceAttribute", { InstanceId: ids.web1 }),
          step("DescribeInstances", { RegionId: region, InstanceIds: JSON.stringify([ids.web1]) }),
          step("DescribeNetworkInterfaces", { RegionId: region, NetworkInterfaceId: [primaryEni] }),
          step("JoinSecurityGroup", eni),
          step("DescribeNetworkInterfaces", {
            RegionId: region,
            NetworkInterfaceId: [ids.availableEni],
          }),
          step("LeaveSecurityGroup", instance),
          step("LeaveSecurityGroup", eni),
          step("DescribeInstanceAttribute", { InstanceId: ids.web1 }),
          step("DescribeNetworkInterfaces", {
            RegionId: region,
            NetworkInterfaceId: [ids.availableEni],
          }),
        ];
        const { outcomes: o, log } = await run(steps);
        const after = await emulator.control.state();

        expectSeenAsLogged(steps, o, log);
        expect(o.map((x) => x.ok)).toEqual(steps.map(() => true));
        const joined = sorted([...instanceBefore, ids.appGroup]);
        expect(groupIdsIn(o[1].body?.SecurityGroupIds)).toEqual(joined);
        expect(instancesIn(o[2])).toEqual([{ id: ids.web1, groups: joined }]);
        expect(enisIn(o[3])).toEqual([{ id: primaryEni, groups: joined }]);
        expect(enisIn(o[5])).toEqual([
          { id: ids.availableEni, groups: sorted([...eniBefore, ids.dbGroup]) },
        ]);
        expect(groupsOf(after, ids.web1)).toEqual(instanceBefore);
        expect(groupsOf(after, ids.availableEni)).toEqual(eniBefore);
        expect(groupIdsIn(o[8].body?.SecurityGroupIds)).toEqual(sorted(instanceBefore));
        expect(enisIn(o[9])).toEqual([{ id: ids.availableEni, groups: sorted(eniBefore) }]);
      });

      it("surfaces the ECS error codes and HTTP statuses of refused membership changes", async () => {
        const before = await emulator.control.state();
        const [onlyGroup, ...more] = groupsOf(before, ids.web1);
        expect(more).toEqual([]);
        const steps = [
          step("JoinSecurityGroup", { InstanceId: ids.web1, SecurityGroupId: onlyGroup }),
          step("JoinSecurityGroup", {
            InstanceId: ids.web1,
            SecurityGroupId: "sg-bp1nosuchgroup0000001",
          }),
          step("LeaveSecurityGroup", { InstanceId: ids.web1, SecurityGroupId: onlyGroup }),
          step("LeaveSecurityGroup", { InstanceId: ids.web1, SecurityGroupId: ids.dbGroup }),
          step("JoinSecurityGroup", { InstanceId: ids.locked, SecurityGroupId: ids.appGroup }),
          step("DescribeInstanceAttribute", { InstanceId: "i-bp1nosuchinstance000001" }),
        ];
        const { outcomes, log } = await run(steps);

        expectSeenAsLogged(steps, outcomes, log);
        // The codes and statuses of reference/ecs-api.md §3.1, §3.2 and §3.3.
        expect(log.map((e) => [e.code, e.status])).toEqual([
          ["InvalidInstanceId.AlreadyExists", 403],
          ["InvalidSecurityGroupId.NotFound", 404],
          ["InstanceLastSecurityGroup", 403],
          ["InvalidSecurityGroupAssociation.NotFound", 400],
          ["InstanceLockedForSecurity", 403],
          ["InvalidInstanceId.NotFound", 404],
        ]);
        expect((await emulator.control.state()).networkInterfaces).toEqual(
          before.networkInterfaces,
        );
      });

      it("signs with STS credentials, and refuses a wrong or missing token", async () => {
        const before = await emulator.control.state();
        const target = { InstanceId: ids.web2, SecurityGroupId: ids.appGroup };
        const steps = [
          step("JoinSecurityGroup", target, { credentials: STS }),
          step("DescribeInstanceAttribute", { InstanceId: ids.web2 }, { credentials: STS }),
          step("LeaveSecurityGroup", target, { credentials: STS }),
          step(
            "DescribeInstanceAttribute",
            { InstanceId: ids.web2 },
            { credentials: { ...STS, securityToken: "not-the-token" } },
          ),
          step(
            "DescribeInstanceAttribute",
            { InstanceId: ids.web2 },
            { credentials: { ...STS, securityToken: undefined } },
          ),
        ];
        const { outcomes: o, log } = await run(steps);

        expectSeenAsLogged(steps, o, log);
        expect(o.slice(0, 3).map((x) => x.ok)).toEqual([true, true, true]);
        expect(groupIdsIn(o[1].body?.SecurityGroupIds)).toEqual(
          sorted([...groupsOf(before, ids.web2), ids.appGroup]),
        );
        expect(log.map((e) => e.code)).toEqual([
          undefined,
          undefined,
          undefined,
          "InvalidSecurityToken.MismatchWithAccessKey",
          "MissingSecurityToken",
        ]);
        expect(groupsOf(await emulator.control.state(), ids.web2)).toEqual(
          groupsOf(before, ids.web2),
        );
      });

      it("tells a wrong secret as the SDK does against ECS (SignatureDoesNotMatch)", async () => {
        const before = await emulator.control.state();
        const steps = [
          step(
            "JoinSecurityGroup",
            { InstanceId: ids.web2, SecurityGroupId: ids.appGroup },
            { credentials: { ...KEY, accessKeySecret: "not-the-secret" } },
          ),
        ];
        const { outcomes, log } = await run(steps);

        expectSeenAsLogged(steps, outcomes, log);
        expect(log.map((e) => [e.code, e.status])).toEqual([["SignatureDoesNotMatch", 400]]);
        // The code the SDK settles on after comparing the server's string to sign with its own.
        expect(outcomes[0].error?.code).toBe(client.wrongSecretCode);
        if (client.wrongSecretRecommend !== undefined) {
          expect(outcomes[0].error?.recommend).toBe(client.wrongSecretRecommend);
        }
        expect(groupsOf(await emulator.control.state(), ids.web2)).toEqual(
          groupsOf(before, ids.web2),
        );
      });

      it("surfaces a Throttling fault on a write, and the write goes through after it", async () => {
        const rule = await emulator.control.addFault({
          action: "JoinSecurityGroup",
          target: ids.web3,
          code: "Throttling.User",
          retryAfterMs: 200,
          count: 1,
        });
        const join = step("JoinSecurityGroup", {
          InstanceId: ids.web3,
          SecurityGroupId: ids.appGroup,
        });
        const steps = [join, join];
        const { outcomes, log } = await run(steps);

        expectSeenAsLogged(steps, outcomes, log, rule);
        expect(log.map((e) => [e.code, e.fault])).toEqual([
          ["Throttling.User", rule],
          [undefined, undefined],
        ]);
        if (outcomes[0].error?.type === "ThrottlingException") {
          expect(outcomes[0].error.retryAfter).toBe(200); // x-acs-retry-after, in ms
        }
        expect(groupsOf(await emulator.control.state(), ids.web3)).toContain(ids.appGroup);
      });

      it(`${client.retriesThrottledReads ? "retries" : "surfaces"} a Throttling answer to a read (its default retry policy)`, async () => {
        const rule = await emulator.control.addFault({
          action: "DescribeInstances",
          code: "Throttling",
          status: 400,
          count: 1,
        });
        const steps = [
          step("DescribeInstances", { RegionId: region, InstanceIds: JSON.stringify([ids.web1]) }),
        ];
        const { outcomes, log } = await run(steps);
        const world = await emulator.control.state();

        expect(log.map((e) => [e.code, e.fault])).toEqual(
          client.retriesThrottledReads
            ? [
                ["Throttling", rule],
                [undefined, undefined],
              ]
            : [["Throttling", rule]],
        );
        const answered = log[log.length - 1];
        expect(outcomes).toHaveLength(1);
        const [o] = outcomes;
        expect(o.ok ? o.requestId : o.error?.requestId).toBe(answered.requestId);
        expect(o.ok ? undefined : o.error?.code).toBe(answered.code);
        if (o.ok) {
          expect(instancesIn(o)).toEqual([
            { id: ids.web1, groups: sorted(groupsOf(world, ids.web1)) },
          ]);
        }
      });

      it("pages DescribeSecurityGroups (NextToken) and DescribeInstances (PageNumber, NextToken)", async () => {
        const pageGroup = "sg-bp1pages000000000001";
        const world = await emulator.control.updateWorld((w) => crowded(w, 23, pageGroup));
        const allGroups = world.securityGroups
          .filter((g) => g.regionId === region)
          .map((g) => g.securityGroupId);
        const inPageGroup = world.networkInterfaces
          .filter((e) => e.type === "Primary" && e.securityGroupIds.includes(pageGroup))
          .map((e) => e.instanceId!);
        const byGroup = { RegionId: region, SecurityGroupId: pageGroup };
        const steps = [
          step(
            "DescribeSecurityGroups",
            { RegionId: region, MaxResults: 10 },
            { pages: "NextToken" },
          ),
          step("DescribeInstances", { ...byGroup, PageSize: 10 }, { pages: "PageNumber" }),
          step("DescribeInstances", { ...byGroup, MaxResults: 10 }, { pages: "NextToken" }),
        ];
        const { outcomes, log } = await run(steps);

        expectSeenAsLogged(steps, outcomes, log);
        const pagesOf = (n: number) => outcomes.filter((o) => o.step === n);
        const logOf = (n: number) => log.filter((_, i) => outcomes[i].step === n);

        const groupPages = pagesOf(0);
        expect(sorted(groupPages.flatMap(groupsIn))).toEqual(sorted(allGroups));
        expect(groupPages).toHaveLength(Math.ceil(allGroups.length / 10));
        const instancePages = pagesOf(1);
        expect(sorted(instancePages.flatMap((p) => instancesIn(p).map((i) => i.id)))).toEqual(
          sorted(inPageGroup),
        );
        expect(instancePages.map((p) => p.body?.TotalCount)).toEqual(
          instancePages.map(() => inPageGroup.length),
        );
        expect(logOf(1).map((e) => e.params.PageNumber ?? "1")).toEqual(
          instancePages.map((_, i) => String(i + 1)),
        );
        const tokenPages = pagesOf(2);
        expect(sorted(tokenPages.flatMap((p) => instancesIn(p).map((i) => i.id)))).toEqual(
          sorted(inPageGroup),
        );
        // Each page asked for the NextToken of the page before; the last had none.
        for (const n of [0, 2]) {
          const pages = pagesOf(n);
          expect(logOf(n).map((e) => e.params.NextToken)).toEqual([
            undefined,
            ...pages.slice(0, -1).map((p) => loggedToken(p.body?.NextToken)),
          ]);
          expect(pages[pages.length - 1].body?.NextToken || undefined).toBeUndefined();
        }
      });
    });
  });
}
