/**
 * Every program under examples/ through the real Pulumi CLI against the emulator, with no stack
 * config (the default world's IDs): `up` makes the memberships, the exports say so, a second
 * preview changes nothing, `destroy` puts the emulator back. The GitOps example also runs the
 * pulumi commands of its workflow file: preview, up and the drift check, with and without drift.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type World } from "../../emulator";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { MATRIX, TOOL_TIMEOUT_MS } from "../../testkit/support-matrix";
import { $Ecs, ecsClient } from "../helpers/ecs-client";
import { run } from "../helpers/npm-project";
import { CLI_TIMEOUT_MS, E2eWorld, groupsByTarget } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const EXAMPLES = join(ROOT, "examples");
const world = new E2eWorld();
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
jest.setTimeout(120_000);

let counter = 0;
const open: Stack[] = [];

/** The env every example stack gets: the emulator's, with TypeScript transpiled only. */
function exampleEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...world.envVars(),
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...extra,
  };
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/** A new stack of examples/<name>, as `pulumi stack init` in that folder makes it. */
async function exampleStack(name: string, env = exampleEnv()): Promise<Stack> {
  const stack = await LocalWorkspace.createStack(
    { stackName: `examples-${process.pid}-${++counter}`, workDir: join(EXAMPLES, name) },
    { envVars: env, pulumiCommand: await pulumiCli() },
  );
  open.push(stack);
  return stack;
}

/** A second preview proposes nothing. */
async function expectNoChanges(stack: Stack) {
  const preview = await stack.preview();
  expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
}

/** Destroys the stack, removes it (and its Pulumi.<stack>.yaml) and compares the emulator. */
async function destroyAndCompare(stack: Stack, expected: World) {
  await stack.destroy();
  expect(await world.emulator.control.state()).toEqual(expected);
  await stack.workspace.removeStack(stack.name);
  open.splice(open.indexOf(stack), 1);
}

const ecs = () => ecsClient(world.emulator.endpoint);
const membershipWrites = async () =>
  (await world.emulator.control.requests())
    .filter((r) => r.action === "JoinSecurityGroup" || r.action === "LeaveSecurityGroup")
    .map((r) => `${r.action} ${r.params.SecurityGroupId} ${r.status}`);

beforeEach(async () => {
  await world.emulator.control.reset();
  await world.emulator.control.clearRequests();
});

afterEach(async () => {
  // A failed test leaves its stack behind: drop it so no Pulumi.<stack>.yaml stays in examples/.
  for (const stack of open.splice(0)) {
    await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
  }
  for (const dir of readdirSync(EXAMPLES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    rmSync(join(EXAMPLES, dir.name, `Pulumi.examples-${process.pid}-${counter}.yaml`), {
      force: true,
    });
  }
});

it("instance: an instance joins an extra group", async () => {
  const before = await world.emulator.control.state();
  const stack = await exampleStack("instance");

  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect((await groupsByTarget(world.emulator))[ids.web1]).toEqual([ids.webGroup, ids.appGroup]);
  expect(up.outputs.membershipId.value).toBe(`${ids.region}/${ids.web1}/${ids.appGroup}`);
  expect(up.outputs.instanceSecurityGroupIds.value).toEqual([ids.webGroup, ids.appGroup]);

  await expectNoChanges(stack);
  await destroyAndCompare(stack, before);
});

it("eni: a secondary ENI joins an extra group, with regionId given (no region in env)", async () => {
  const before = await world.emulator.control.state();
  const stack = await exampleStack("eni", exampleEnv({ ALIBABA_CLOUD_REGION_ID: undefined }));

  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect((await groupsByTarget(world.emulator))[ids.attachedEni]).toEqual([
    ids.webGroup,
    ids.dbGroup,
  ]);
  expect(up.outputs.membershipId.value).toBe(`${ids.region}/${ids.attachedEni}/${ids.dbGroup}`);
  expect(up.outputs.networkInterfaceSecurityGroupIds.value).toEqual([ids.webGroup, ids.dbGroup]);

  await expectNoChanges(stack);
  await destroyAndCompare(stack, before);
});

it("move-between-groups: joins B before leaving A, even when A is the only group", async () => {
  const before = await world.emulator.control.state();
  const stack = await exampleStack("move-between-groups");
  const up = await stack.up();
  expect(up.outputs.securityGroupId.value).toBe(ids.appGroup);
  expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.webGroup, ids.appGroup]);

  // Make A (app) the instance's only group: leaving A first would be refused by ECS.
  await ecs().leaveSecurityGroup(
    new $Ecs.LeaveSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.webGroup }),
  );
  await world.emulator.control.clearRequests();
  await stack.setConfig("securityGroupId", { value: ids.dbGroup });
  const moved = await stack.up();
  expect(moved.summary.resourceChanges).toEqual({ replace: 1, same: 1 });
  expect(await membershipWrites()).toEqual([
    `JoinSecurityGroup ${ids.dbGroup} 200`,
    `LeaveSecurityGroup ${ids.appGroup} 200`,
  ]);
  expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.dbGroup]);
  expect(moved.outputs.securityGroupId.value).toBe(ids.dbGroup);
  await expectNoChanges(stack);

  // Give web2 its web group back, so destroy may leave B and the world is as it started.
  await ecs().joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.webGroup }),
  );
  await destroyAndCompare(stack, before);
});

it("adopt-existing: adopts a membership made outside Pulumi; destroy removes it", async () => {
  const before = await world.emulator.control.state();
  await ecs().joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web3, securityGroupId: ids.opsGroup }),
  );
  const stack = await exampleStack("adopt-existing");

  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect(up.outputs.adopted.value).toBe(true);
  expect(up.outputs.membershipId.value).toBe(`${ids.region}/${ids.web3}/${ids.opsGroup}`);
  expect((await groupsByTarget(world.emulator))[ids.web3]).toEqual([ids.webGroup, ids.opsGroup]);

  await expectNoChanges(stack);
  // As the example says: destroy removes the adopted membership, so the world is as it was
  // before the membership was made by hand.
  await destroyAndCompare(stack, before);
});

it("from-list: names come from the IDs, so reordering the list replaces nothing", async () => {
  const before = await world.emulator.control.state();
  const stack = await exampleStack("from-list");
  const instances = [ids.web1, ids.web2, ids.web3];
  const pairs = instances.flatMap((instanceId) =>
    [ids.appGroup, ids.dbGroup].map((securityGroupId) => ({ instanceId, securityGroupId })),
  );

  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 7 });
  const groups = await groupsByTarget(world.emulator);
  for (const i of instances) {
    // Joined in parallel, so in any order.
    expect([...groups[i]].sort()).toEqual([ids.webGroup, ids.appGroup, ids.dbGroup].sort());
  }
  expect(up.outputs.membershipIds.value).toEqual(
    Object.fromEntries(
      pairs.map((p) => [
        `${p.instanceId}-${p.securityGroupId}`,
        `${ids.region}/${p.instanceId}/${p.securityGroupId}`,
      ]),
    ),
  );
  await expectNoChanges(stack);

  // The same pairs in another order, from the `memberships` list: nothing to do.
  await stack.setConfig("memberships", { value: JSON.stringify([...pairs].reverse()) });
  await expectNoChanges(stack);
  // One entry fewer: only that membership goes.
  await stack.setConfig("memberships", { value: JSON.stringify(pairs.slice(1)) });
  expect((await stack.preview()).changeSummary).toEqual({ same: 6, delete: 1 });

  await destroyAndCompare(stack, before);
});

/** The `run: pulumi ...` lines of the GitOps workflow, by role. */
function workflowCommands(text: string) {
  const commands = [...text.matchAll(/^\s*- run: (pulumi .+)$/gm)].map((m) => m[1]);
  const find = (test: (c: string) => boolean) => {
    const found = commands.filter(test);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return {
    all: commands,
    pullRequest: find((c) => c.startsWith("pulumi preview ") && !c.includes("--expect-no-changes")),
    merge: find((c) => c.startsWith("pulumi up ")),
    drift: find((c) => c.includes("--expect-no-changes")),
  };
}

/** Runs one workflow command as the runner would (bash, in the program's folder). */
async function runStep(command: string, env: Record<string, string>) {
  const bin = dirname((await pulumiCli()).command);
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      "bash",
      ["-euo", "pipefail", "-c", command],
      {
        cwd: join(EXAMPLES, "gitops"),
        env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}` },
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

it("gitops: the workflow's preview, up and drift check, with and without drift", async () => {
  const workflow = readFileSync(
    join(EXAMPLES, "gitops", ".github", "workflows", "pulumi.yaml"),
    "utf8",
  );
  for (const needed of [
    "pull_request:",
    "schedule:",
    "branches: [main]",
    "id-token: write",
    "run: npm ci",
    "ALIBABA_CLOUD_ROLE_ARN:",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN:",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE=",
    "ALIBABA_CLOUD_REGION_ID:",
    "secrets.PULUMI_BACKEND_URL",
    "secrets.PULUMI_CONFIG_PASSPHRASE",
  ])
    expect(workflow).toContain(needed);
  const steps = workflowCommands(workflow);
  expect(steps.all).toHaveLength(3);

  const before = await world.emulator.control.state();
  const stack = await exampleStack("gitops"); // the README's one-time `pulumi stack init`
  const env = { ...exampleEnv(), PULUMI_STACK: stack.name };
  const run = (command: string, stepEnv = env) => runStep(command, stepEnv);
  const ok = async (command: string, stepEnv = env) => {
    const result = await run(command, stepEnv);
    if (result.code !== 0) throw new Error(`${command} exited ${result.code}:\n${result.output}`);
    return result.output;
  };
  const inMonitor = async () => {
    const groups = await groupsByTarget(world.emulator);
    return [ids.web1, ids.web2, ids.web3].filter((i) => groups[i].includes(ids.monitorGroup));
  };

  // Pull request: preview with no cloud credentials at all, and not one ECS call.
  const bare = {
    ...exampleEnv({
      ALIBABA_CLOUD_ACCESS_KEY_ID: undefined,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined,
    }),
    PULUMI_STACK: stack.name,
  };
  expect(await ok(steps.pullRequest, bare)).toMatch(/\+ 4 to create/);
  expect(await world.emulator.control.requests()).toEqual([]);

  // Merge to main.
  await ok(steps.merge);
  expect(await inMonitor()).toEqual([ids.web1, ids.web2, ids.web3]);
  await expectNoChanges(stack);

  // The scheduled drift check: passes, then fails once a membership is removed out of band.
  await ok(steps.drift);
  await ecs().leaveSecurityGroup(
    new $Ecs.LeaveSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.monitorGroup }),
  );
  const drifted = await run(steps.drift);
  expect(drifted.code).not.toBe(0);
  expect(drifted.output).toContain("no changes were expected");
  expect(await inMonitor()).toEqual([ids.web1, ids.web3]); // the check changed nothing

  // The next merge (up --refresh) joins it again, and the drift check passes.
  await ok(steps.merge);
  expect(await inMonitor()).toEqual([ids.web1, ids.web2, ids.web3]);
  await ok(steps.drift);

  await destroyAndCompare(stack, before);
});

it(
  "gitops: the workflow passes actionlint and uses the matrix's primary Node.js and newest CLI",
  async () => {
    const workflow = join(EXAMPLES, "gitops", ".github", "workflows", "pulumi.yaml");
    const text = readFileSync(workflow, "utf8");
    const nodeVersions = [...text.matchAll(/node-version: (\S+?)[,\s}]/g)].map((m) => m[1]);
    expect(nodeVersions).toEqual([MATRIX.primaryNode, MATRIX.primaryNode, MATRIX.primaryNode]);
    expect(text).toContain(`PULUMI_VERSION: ${MATRIX.cli.newest}\n`);
    const cwd = join(EXAMPLES, "gitops");
    const ensure = join(ROOT, "scripts", "ensure-actionlint.sh");
    const bin = (await run("bash", [ensure], { cwd, timeout: TOOL_TIMEOUT_MS })).trim();
    // actionlint exits non-zero on any finding, and prints each one. Its shellcheck and pyflakes
    // passes are off so that the result does not depend on what else the machine has.
    await run(join(bin, "actionlint"), ["-no-color", "-shellcheck=", "-pyflakes=", workflow], {
      cwd,
    });
  },
  TOOL_TIMEOUT_MS,
);

it("the examples type-check under the CLI's own ts-node (no PULUMI_NODEJS_TRANSPILE_ONLY)", async () => {
  const stack = await exampleStack(
    "instance",
    exampleEnv({ PULUMI_NODEJS_TRANSPILE_ONLY: "false" }),
  );
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ create: 2 });
  await stack.workspace.removeStack(stack.name);
  open.splice(open.indexOf(stack), 1);
});
