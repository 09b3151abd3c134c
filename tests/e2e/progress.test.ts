/**
 * What a user watching `pulumi up` sees while the provider waits, through the real CLI (its
 * non-interactive output, as in CI logs) and the emulator: status lines that arrive while the
 * wait is still going and name the right membership, none for a fast run, and the ECS call log
 * behind `SG_MEMBERSHIP_LOG_ECS_CALLS=true`, which never shows a credential.
 */

import { DEFAULT_IDS as ids } from "../../emulator";
import { CLI_TIMEOUT_MS, E2eWorld, setMemberships, type Membership } from "./helpers";

jest.setTimeout(CLI_TIMEOUT_MS + 180_000);

/** What the CLI printed, line by line, with the time each line arrived. */
function timedCapture() {
  const lines: { at: number; text: string }[] = [];
  let partial = "";
  const onOutput = (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const text of parts) lines.push({ at: Date.now(), text });
  };
  return { onOutput, lines, text: () => lines.map((l) => l.text).join("\n") + partial };
}

const statusLines = (text: string) => text.match(/sg-membership: [^\n]*/g) ?? [];

describe("status lines", () => {
  const world = new E2eWorld();
  beforeAll(() => world.start(), CLI_TIMEOUT_MS);
  afterAll(() => world.stop());
  beforeEach(() => world.emulator.control.reset());

  const slow: Membership = { name: "slow", instanceId: ids.web1, securityGroupId: ids.appGroup };
  const throttled: Membership = {
    name: "throttled",
    instanceId: ids.web2,
    securityGroupId: ids.appGroup,
  };
  const fast: Membership = { name: "fast", instanceId: ids.web3, securityGroupId: ids.appGroup };

  test("a fast run prints none", async () => {
    const stack = await world.stack([fast, { ...slow, securityGroupId: ids.dbGroup }]);
    const out = timedCapture();
    await stack.up({ onOutput: out.onOutput });
    await stack.destroy({ onOutput: out.onOutput });
    expect(statusLines(out.text())).toEqual([]);
    expect(out.text()).toMatch(/\+ 3 created/);
  });

  test("a wait for an instance's state and a throttled Join are reported while they last", async () => {
    const { control } = world.emulator;
    const settlesAt = Date.now() + 22_000;
    await control.updateWorld((w) => {
      const web1 = w.instances.find((i) => i.instanceId === ids.web1)!;
      web1.status = "Starting";
      web1.pendingStatus = { status: "Running", at: new Date(settlesAt).toISOString() };
    });
    await control.addFault({
      action: "JoinSecurityGroup",
      target: ids.web2,
      code: "Throttling.User",
      status: 400,
      count: 14,
    });
    const stack = await world.stack([slow, throttled, fast]);
    const out = timedCapture();
    await stack.up({ onOutput: out.onOutput });

    const joins = (await control.requests()).filter((r) => r.action === "JoinSecurityGroup");
    const landed = (target: string) =>
      Date.parse(joins.find((r) => r.params.InstanceId === target && r.status === 200)!.time);
    const lineOf = (pattern: RegExp) => out.lines.find((l) => pattern.test(l.text));

    const stateLine = lineOf(
      new RegExp(
        `sg-membership: ${ids.region}/${ids.web1}/${ids.appGroup}: creating, \\d+s so far: waiting for instance ${ids.web1} to leave state Starting \\(JoinSecurityGroup answered IncorrectInstanceStatus\\); \\d+m\\d*s? left of timeouts\\.create$`,
      ),
    );
    expect(stateLine).toBeDefined();
    // Shown while the instance was still starting, not only at the end.
    expect(stateLine!.at).toBeLessThan(landed(ids.web1));

    const throttleLine = lineOf(
      new RegExp(
        `sg-membership: ${ids.region}/${ids.web2}/${ids.appGroup}: creating, \\d+s so far: JoinSecurityGroup answered Throttling\\.User \\(throttling, retried\\), attempt \\d+; next attempt in [\\d.]+m?s; \\d+m\\d*s? left of timeouts\\.create$`,
      ),
    );
    expect(throttleLine).toBeDefined();
    expect(throttleLine!.at).toBeLessThan(landed(ids.web2));

    // The fast membership is never named; every line names a waiting one.
    const lines = statusLines(out.text());
    expect(lines.some((l) => l.includes(ids.web3))).toBe(false);
    expect(lines.every((l) => l.includes(ids.web1) || l.includes(ids.web2))).toBe(true);
    console.log(`status lines of this up:\n${[...new Set(lines)].join("\n")}`);
    await stack.destroy();
  });
});

describe("the ECS call log", () => {
  const secret = "call-log-secret-0123456789";
  const world = new E2eWorld({
    accessKeyId: "LTAIcalllog0000000001",
    accessKeySecret: secret,
    credentialsInConfig: true,
    env: { SG_MEMBERSHIP_LOG_ECS_CALLS: "true" },
  });
  beforeAll(() => world.start(), CLI_TIMEOUT_MS);
  afterAll(() => world.stop());

  test("logs every call with its answer and never a credential", async () => {
    const stack = await world.stack([
      { name: "logged", instanceId: ids.web1, securityGroupId: ids.appGroup },
    ]);
    const out = timedCapture();
    await stack.up({ onOutput: out.onOutput });
    await setMemberships(stack, []);
    await stack.up({ onOutput: out.onOutput });
    const text = out.text();
    const calls = text.match(/sg-membership: ecs: [^\n]*/g) ?? [];
    const logged = await world.emulator.control.requests();
    expect(new Set(calls).size).toBe(logged.length);
    expect(calls).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^sg-membership: ecs: JoinSecurityGroup ${ids.region} ${ids.web1} ${ids.appGroup} attempt 1: HTTP 200 OK, RequestId [\\w-]+, \\d+ms$`,
        ),
      ),
    );
    expect(calls.some((l) => l.includes("LeaveSecurityGroup"))).toBe(true);
    expect(text).not.toContain(secret);
    expect(text).not.toContain("LTAIcalllog0000000001");
    const { deployment } = await stack.exportStack();
    expect(JSON.stringify(deployment)).not.toContain(secret);
    await stack.destroy();
  });
});
