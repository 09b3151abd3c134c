/**
 * The native provider plugin serving a TypeScript program on the generated Node.js SDK
 * (sdk/nodejs, built and `npm install`ed as a user installs it, beside @pulumi/pulumi) through our
 * Node.js language host and the real CLI, against the emulator: preview, up, refresh after a
 * membership was removed out of band, replace (join the new group before leaving the old),
 * `pulumi import` by ID, `customTimeouts`, a secret input, an explicit provider resource, destroy.
 * The plugin is found through `plugins: providers:` in Pulumi.yaml. The steps share one stack
 * and run in order.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { ownerOf, recordKey, recordValue } from "../../provider/ownership/records";
import { nativePluginDir } from "../../testkit/native-plugin";
import { builtNodeSdk } from "../../testkit/native-sdk";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import { MATRIX } from "../../testkit/support-matrix";
import { $Ecs, ecsClient } from "../helpers/ecs-client";
import { copiesOf, npmProject, run } from "../helpers/npm-project";
import {
  allRecords,
  CLI_TIMEOUT_MS,
  countByAction,
  E2E_PASSPHRASE,
  failure,
  groupsByTarget,
  recordsByTarget,
} from "./helpers";

jest.setTimeout(180_000);

const PROJECT = "sg-native-typescript-e2e";
const TOKEN = "alicloud-sg-membership:ecs:SecurityGroupMembership";
const SDK_PACKAGE = "@pulumi-alicloud-sg-membership/sdk";
const PROGRAM_SOURCE = join(__dirname, "native-typescript");
const TSC = join(__dirname, "..", "..", "node_modules", "typescript", "bin", "tsc");
/** This repository's TypeScript, which the program gets too. */
const typescriptVersion = (
  JSON.parse(readFileSync(join(TSC, "..", "..", "package.json"), "utf8")) as { version: string }
).version;

/** A membership as the program's `memberships` config declares it (index.ts `Declared`). */
interface Declared {
  name: string;
  securityGroupId?: string;
  secretGroup?: boolean;
  instanceId?: string;
  regionId?: string;
  explicit?: boolean;
  customTimeouts?: { create?: string; update?: string; delete?: string };
}

let emulator: RunningEmulator;
/** Where the explicit provider resource's `endpoints` input points; it takes only its own keys. */
let other: RunningEmulator;
const OTHER_KEYS = {
  accessKeyId: "explicit-provider-key",
  accessKeySecret: "explicit-provider-secret",
};
let dir: string;
let backend: string;
let stack: Stack;

const declare = (...memberships: Declared[]) =>
  stack.setConfig("memberships", { value: JSON.stringify(memberships) });

const urnOf = (name: string) => `urn:pulumi:${stack.name}::${PROJECT}::${TOKEN}::${name}`;
const recordFor = (name: string, group: string) => {
  const owner = ownerOf(urnOf(name))!;
  return { [recordKey(group, owner)]: recordValue(owner) };
};

interface StateResource {
  urn: string;
  type: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}
async function inState(name: string) {
  const { deployment } = await stack.exportStack();
  return (deployment.resources as StateResource[]).find((r) => r.urn === urnOf(name));
}

const writesOf = async (on: RunningEmulator) =>
  countByAction(
    (await on.control.requests()).filter(
      (r) => !r.action.startsWith("Describe") && r.status === 200,
    ),
  );
const writes = () => writesOf(emulator);
/** The successful Joins and Leaves, in the order the emulator answered them. */
const membershipCalls = async () =>
  (await emulator.control.requests())
    .filter((r) => /^(Join|Leave)SecurityGroup$/.test(r.action) && r.status === 200)
    .map((r) => `${r.action} ${r.params.InstanceId} ${r.params.SecurityGroupId}`);

const m: Declared = { name: "m", securityGroupId: ids.appGroup, instanceId: ids.web1 };
const importId = `${ids.region}/${ids.web3}/${ids.dbGroup}`;
const imported: Declared = {
  name: "imported",
  securityGroupId: ids.dbGroup,
  instanceId: ids.web3,
  regionId: ids.region,
};

beforeAll(async () => {
  const plugins = nativePluginDir();
  const sdk = builtNodeSdk();
  [emulator, other] = await Promise.all([startEmulator(), startEmulator(OTHER_KEYS)]);
  // The SDK packed and installed as users do, beside the @pulumi/pulumi the program chooses
  // and a TypeScript for the CLI's ts-node (the SDK's own vendored 3.8 knows no ES2022).
  const packs = mkdtempSync(join(tmpdir(), "sg-sdk-pack-"));
  const packed = (await run("npm", ["pack", sdk, "--silent"], { cwd: packs })).trim();
  dir = await npmProject([
    join(packs, packed),
    `@pulumi/pulumi@${MATRIX.sdk.newest}`,
    `typescript@${typescriptVersion}`,
  ]);
  for (const file of ["index.ts", "tsconfig.json"])
    copyFileSync(join(PROGRAM_SOURCE, file), join(dir, file));
  const project = {
    name: PROJECT,
    runtime: "nodejs",
    main: "index.ts",
    plugins: { providers: [{ name: "alicloud-sg-membership", path: plugins }] },
  };
  writeFileSync(join(dir, "Pulumi.yaml"), JSON.stringify(project, null, 2));
  backend = mkdtempSync(join(tmpdir(), "sg-native-state-"));
  // The region comes from the provider's own config below, not from the env.
  const { ALIBABA_CLOUD_REGION_ID: _fromEnv, ...env } = emulatorEnv(emulator.url);
  stack = await LocalWorkspace.createStack(
    { stackName: `native-ts-${process.pid}`, workDir: dir },
    {
      // The program is type-checked by the first test, with this repository's TypeScript.
      envVars: {
        ...fileBackendEnv(backend, E2E_PASSPHRASE),
        ...env,
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      },
      pulumiCommand: await pulumiCli(),
    },
  );
  await stack.setConfig("alicloud-sg-membership:region", { value: ids.region });
  await declare(m);
}, CLI_TIMEOUT_MS);
afterAll(() => Promise.all([emulator?.stop(), other?.stop()]));

test("the program type-checks on the installed SDK, which uses the program's one @pulumi/pulumi", async () => {
  await run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", dir], {
    cwd: dir,
  });
  expect(copiesOf(dir, "@pulumi/pulumi")).toEqual([join(dir, "node_modules", "@pulumi", "pulumi")]);
  const installed = join(dir, "node_modules", ...SDK_PACKAGE.split("/"));
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  expect(manifest.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
  expect(manifest.peerDependencies["@pulumi/pulumi"]).toMatch(/^>=3\.\d+\.\d+ <4\.0\.0$/);
  expect(require.resolve("@pulumi/pulumi", { paths: [installed] })).toBe(
    require.resolve("@pulumi/pulumi", { paths: [dir] }),
  );
});

test("preview plans the membership and makes no ECS call", async () => {
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual({ create: 2 });
  expect(await emulator.control.requests()).toEqual([]);
});

test("up joins once, with one ownership record keyed by the resource's URN", async () => {
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect(up.outputs.m.value).toEqual([ids.webGroup, ids.appGroup]);
  expect(await writes()).toEqual({ TagResources: 1, JoinSecurityGroup: 1 });
  expect((await recordsByTarget(emulator))[ids.web1]).toEqual(recordFor("m", ids.appGroup));
  const state = await inState("m");
  expect(state?.id).toBe(`${ids.region}/${ids.web1}/${ids.appGroup}`);
  expect(state?.outputs).toMatchObject({ owner: urnOf("m"), adopted: false, regionId: ids.region });
  expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
});

test("refresh drops a membership removed out of band, and up joins it again", async () => {
  await ecsClient(emulator.endpoint).leaveSecurityGroup(
    new $Ecs.LeaveSecurityGroupRequest({ instanceId: ids.web1, securityGroupId: ids.appGroup }),
  );
  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual(expect.objectContaining({ delete: 1 }));
  expect(await inState("m")).toBeUndefined();

  await emulator.control.clearRequests();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual(expect.objectContaining({ create: 1 }));
  expect((await groupsByTarget(emulator))[ids.web1]).toEqual([ids.webGroup, ids.appGroup]);
  // Its record was still there: the create recognised it and wrote none.
  expect(await writes()).toEqual({ JoinSecurityGroup: 1 });
});

test("a new securityGroupId replaces the membership: join the new group, then leave the old", async () => {
  await declare({ ...m, securityGroupId: ids.dbGroup });
  await emulator.control.clearRequests();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
  expect(await membershipCalls()).toEqual([
    `JoinSecurityGroup ${ids.web1} ${ids.dbGroup}`,
    `LeaveSecurityGroup ${ids.web1} ${ids.appGroup}`,
  ]);
  expect((await groupsByTarget(emulator))[ids.web1]).toEqual([ids.webGroup, ids.dbGroup]);
  expect((await recordsByTarget(emulator))[ids.web1]).toEqual(recordFor("m", ids.dbGroup));
  expect((await inState("m"))?.id).toBe(`${ids.region}/${ids.web1}/${ids.dbGroup}`);
  await declare(m);
  await stack.up();
  expect((await groupsByTarget(emulator))[ids.web1]).toEqual([ids.webGroup, ids.appGroup]);
});

test("pulumi import takes an existing membership by its ID, reading only", async () => {
  await ecsClient(emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web3, securityGroupId: ids.dbGroup }),
  );
  await emulator.control.clearRequests();
  const result = await stack.import({
    resources: [{ type: TOKEN, name: "imported", id: importId }],
    protect: false,
    // Our Node.js host does not generate program code (no GenerateProgram).
    generateCode: false,
  });
  expect(result.summary.resourceChanges).toEqual(expect.objectContaining({ import: 1 }));
  expect(await writes()).toEqual({});
  const state = await inState("imported");
  expect(state?.id).toBe(importId);
  expect(state?.outputs).toMatchObject({ adopted: true, owner: null, targetKind: "instance" });

  // Declared, its first up writes its ownership record and joins nothing.
  await declare(m, imported);
  await emulator.control.clearRequests();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  expect(await writes()).toEqual({ TagResources: 1 });
  expect((await recordsByTarget(emulator))[ids.web3]).toEqual(recordFor("imported", ids.dbGroup));
});

/** Holds web2 in `Starting` for 10 minutes while `work` runs; Running again after, whatever happens. */
async function whileWeb2Starts(work: () => Promise<void>) {
  const setStatus = (status: "Starting" | "Running") =>
    emulator.control.updateWorld((w) => {
      const web2 = w.instances.find((i) => i.instanceId === ids.web2)!;
      web2.status = status;
      if (status === "Starting")
        web2.pendingStatus = {
          status: "Running",
          at: new Date(Date.now() + 600_000).toISOString(),
        };
      else delete web2.pendingStatus;
    });
  await setStatus("Starting");
  try {
    await work();
  } finally {
    await setStatus("Running");
    await declare(m, imported);
  }
}

test("customTimeouts ends a create at its deadline, naming it", () =>
  whileWeb2Starts(async () => {
    const slow = {
      name: "slow",
      securityGroupId: ids.appGroup,
      instanceId: ids.web2,
      customTimeouts: { create: "3s" },
    };
    await declare(m, imported, slow);
    await emulator.control.clearRequests();
    const started = Date.now();
    const message = await failure(stack.up());
    const elapsed = Date.now() - started;
    expect(message).toContain(
      `JoinSecurityGroup did not succeed for instance ${ids.web2}, security group ${ids.appGroup}, ` +
        `region ${ids.region} within 3s (customTimeouts.create)`,
    );
    expect(message).toContain("raise customTimeouts.create");
    // The operation's own calls span the 3 s deadline (and not the 10 min default) ...
    const times = (await emulator.control.requests())
      .filter((r) => JSON.stringify(r.params).includes(ids.web2))
      .map((r) => Date.parse(r.time));
    const span = Math.max(...times) - Math.min(...times);
    expect(span).toBeGreaterThanOrEqual(1_000);
    expect(span).toBeLessThan(4_500);
    // ... and the whole `pulumi up` (CLI, Node host, program, plugin) ends soon after.
    expect(elapsed).toBeLessThan(3_000 + 20_000);
    // Nothing is left behind: no membership, and the record the create wrote is removed.
    expect((await groupsByTarget(emulator))[ids.web2]).toEqual([ids.webGroup]);
    expect((await recordsByTarget(emulator))[ids.web2]).toEqual({});
    expect(await inState("slow")).toBeUndefined();
  }));

test("a secret input stays secret in state, the outputs made from it too", async () => {
  await stack.setConfig("secretGroup", { value: ids.opsGroup, secret: true });
  await declare(m, imported, { name: "sec", secretGroup: true, instanceId: ids.web2 });
  let output = "";
  const up = await stack.up({ onOutput: (s) => (output += s) });
  expect(up.outputs.sec.secret).toBe(true);
  expect(up.outputs.m.secret).toBe(false);
  expect(output).toContain(
    'SecurityGroupMembership "sec": securityGroupId is a secret, but the resource ID',
  );
  expect(output).not.toContain(ids.opsGroup);
  // The checkpoint as the file backend holds it (exportStack shows secrets in plain text).
  const checkpoint = readFileSync(
    join(backend, ".pulumi", "stacks", PROJECT, `${stack.name}.json`),
    "utf8",
  );
  const resources = JSON.parse(checkpoint).checkpoint.latest.resources as StateResource[];
  const state = resources.find((r) => r.urn === urnOf("sec"))!;
  const secret = (value: unknown) =>
    typeof value === "object" && value !== null && "ciphertext" in value;
  expect(secret(state.inputs.securityGroupId)).toBe(true);
  expect(secret(state.outputs.securityGroupId)).toBe(true);
  expect(secret(state.outputs.targetSecurityGroupIds)).toBe(true);
  expect(secret(state.outputs.targetId)).toBe(false);
  // Only the resource ID holds it in plain text (Pulumi cannot make an ID secret).
  expect(checkpoint.split(ids.opsGroup).length - 1).toBe(
    checkpoint.split(`${ids.web2}/${ids.opsGroup}`).length - 1,
  );

  await declare(m, imported);
  await stack.up();
  expect((await groupsByTarget(emulator))[ids.web2]).toEqual([ids.webGroup]);
});

test("an explicit provider resource takes region, endpoint and credentials as inputs", async () => {
  await stack.setConfig("explicitProvider", {
    value: JSON.stringify({
      region: ids.region,
      ecsEndpoint: other.url,
      accessKey: OTHER_KEYS.accessKeyId,
    }),
  });
  await stack.setConfig("explicitSecretKey", { value: OTHER_KEYS.accessKeySecret, secret: true });
  const viaExplicit = {
    name: "viaExplicit",
    securityGroupId: ids.cacheGroup,
    instanceId: ids.web1,
    explicit: true,
  };
  await declare(m, imported, viaExplicit);
  await emulator.control.clearRequests();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: 3, create: 2 });
  // The membership went to the provider's endpoint, not to the env's, signed with its keys
  // (the other emulator refuses the env's).
  expect(await writesOf(other)).toEqual({ TagResources: 1, JoinSecurityGroup: 1 });
  expect(await writes()).toEqual({});
  expect((await groupsByTarget(other))[ids.web1]).toEqual([ids.webGroup, ids.cacheGroup]);
  const { deployment } = await stack.exportStack();
  const provider = (deployment.resources as StateResource[]).find(
    (r) => r.type === "pulumi:providers:alicloud-sg-membership" && r.urn.endsWith("::explicit"),
  );
  expect(provider?.inputs).toMatchObject({
    region: ids.region,
    endpoints: JSON.stringify([{ ecs: other.url }]),
  });
  // Both keys are secret in the state file (the SDK makes accessKey one), plain nowhere.
  const checkpoint = readFileSync(
    join(backend, ".pulumi", "stacks", PROJECT, `${stack.name}.json`),
    "utf8",
  );
  expect(checkpoint).not.toContain(OTHER_KEYS.accessKeySecret);
  expect(checkpoint).not.toContain(OTHER_KEYS.accessKeyId);
  expect((await inState("viaExplicit"))?.outputs.regionId).toBe(ids.region);
});

test("destroy leaves every membership and removes every record", async () => {
  await emulator.control.clearRequests();
  await stack.destroy();
  expect(await writes()).toEqual({ LeaveSecurityGroup: 2, UntagResources: 2 });
  expect(await writesOf(other)).toEqual({
    TagResources: 1,
    JoinSecurityGroup: 1,
    LeaveSecurityGroup: 1,
    UntagResources: 1,
  });
  for (const on of [emulator, other]) {
    const groups = await groupsByTarget(on);
    for (const target of [ids.web1, ids.web2, ids.web3])
      expect(groups[target]).toEqual([ids.webGroup]);
    expect(await allRecords(on)).toEqual([]);
  }
});
