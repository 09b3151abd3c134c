/**
 * Migrating a TypeScript stack from the dynamic resource (`new SecurityGroupMembership(...)` of
 * this package) to the native plugin's `alicloud-sg-membership:ecs:SecurityGroupMembership`,
 * through the real CLI and the Node.js language host against the emulator; the native side is
 * the generated Node.js SDK (sdk/nodejs, built by testkit/native-sdk.ts).
 *
 * The route: the native resource keeps the name and takes `aliases: [{ type: <the dynamic
 * type> }]`. The engine asks the native plugin's DiffConfig (unimplemented: no replace) and Diff
 * with the dynamic state, which is an update (the owner, a URN, changes): the ownership records
 * move to the new URN (TagResources, then UntagResources) and nothing joins or leaves. Those
 * steps share one stack and run in order. Then: that up killed between the two tag calls
 * converges on the next plain up; and the other route (`retainOnDelete`, then the `import`
 * option) leaves the dynamic records behind, so the native destroy keeps the memberships.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { installPackageInto } from "../../testkit/installed-package";
import { nativePluginDir } from "../../testkit/native-plugin";
import { builtNodeSdk } from "../../testkit/native-sdk";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import { REPO_ROOT } from "../../testkit/repo-root";
import {
  allRecords,
  capture,
  CLI_TIMEOUT_MS,
  countByAction,
  E2E_PASSPHRASE,
  faultsFired,
  groupsByTarget,
  killRun,
  MEMBERSHIP_TYPE,
  NATIVE_MEMBERSHIP_TYPE,
  recordOf,
  recordsByTarget,
  releaseAfterKill,
  spawnCli,
} from "./helpers";

jest.setTimeout(240_000);

const PROJECT = "sg-migration-e2e";
const SDK_PACKAGE = "@pulumi-alicloud-sg-membership/sdk";

let emulator: RunningEmulator;
let plugins: string;
let backend: string;
/** The migration's stack (the steps below share it) and its program's directory. */
let stack: Stack;
let dir: string;

const idOf = (target: string, group: string) => `${ids.region}/${target}/${group}`;
const WEB_ID = idOf(ids.web1, ids.appGroup);
const ENI_ID = idOf(ids.attachedEni, ids.dbGroup);

/** The program's two memberships, one of an instance and one of an ENI, with these options. */
const declarations = (webOpts?: string, eniOpts = webOpts) => `
const web = new SecurityGroupMembership(
  "web-app",
  { instanceId: "${ids.web1}", securityGroupId: "${ids.appGroup}" }${webOpts ? `, ${webOpts}` : ""},
);
const eni = new SecurityGroupMembership(
  "eni-db",
  { networkInterfaceId: "${ids.attachedEni}", securityGroupId: "${ids.dbGroup}" }${eniOpts ? `, ${eniOpts}` : ""},
);
export const ids = [web.id, eni.id];
export const groups = [web.targetSecurityGroupIds, eni.targetSecurityGroupIds];
`;

/** Before: the dynamic resource from this package. */
const dynamic = (webOpts?: string, eniOpts?: string) =>
  `import { SecurityGroupMembership } from "pulumi-alicloud-sg-membership";
${declarations(webOpts, eniOpts)}`;

/** After: the native resource, from the generated Node.js SDK. */
const native = (webOpts?: string, eniOpts?: string) =>
  `import { ecs } from "${SDK_PACKAGE}";
const { SecurityGroupMembership } = ecs;
${declarations(webOpts, eniOpts)}`;

/** The migration: the same names, and an alias of the dynamic type. */
const MIGRATED = native(`{ aliases: [{ type: "${MEMBERSHIP_TYPE}" }] }`);

const writeProgram = (programDir: string, source: string) =>
  writeFileSync(join(programDir, "index.ts"), source);

/** The emulator's env without its region (the stacks' config gives it), the file backend. */
function envVars(): Record<string, string> {
  const { ALIBABA_CLOUD_REGION_ID: _fromEnv, ...env } = emulatorEnv(emulator.url);
  return {
    ...fileBackendEnv(backend, E2E_PASSPHRASE),
    ...env,
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
}

let counter = 0;
/** A new TypeScript project running `source` (the plugin found through Pulumi.yaml), and its stack. */
async function tsProject(source: string) {
  const programDir = mkdtempSync(join(tmpdir(), "sg-migration-program-"));
  installPackageInto(REPO_ROOT, programDir);
  // The SDK as `npm install` of its packed build lays it out (its one peer, @pulumi/pulumi, is the program's).
  cpSync(builtNodeSdk(), join(programDir, "node_modules", ...SDK_PACKAGE.split("/")), {
    recursive: true,
  });
  const project = [
    `name: ${PROJECT}`,
    "runtime: nodejs",
    "main: index.ts",
    "plugins:",
    "  providers:",
    "    - name: alicloud-sg-membership",
    `      path: ${plugins}`,
  ];
  writeFileSync(join(programDir, "Pulumi.yaml"), project.join("\n") + "\n");
  writeFileSync(join(programDir, "package.json"), JSON.stringify({ name: PROJECT, private: true }));
  const compilerOptions = {
    strict: true,
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node",
    skipLibCheck: true,
  };
  writeFileSync(
    join(programDir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true }, files: ["index.ts"] }),
  );
  writeProgram(programDir, source);
  const projectStack = await LocalWorkspace.createStack(
    { stackName: `migration-${process.pid}-${++counter}`, workDir: programDir },
    { envVars: envVars(), pulumiCommand: await pulumiCli() },
  );
  // The region is the stack's `alicloud:region`, as a dynamic stack usually has it.
  await projectStack.setConfig("alicloud:region", { value: ids.region });
  return { dir: programDir, stack: projectStack };
}

type StateResource = {
  urn: string;
  type: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

async function memberships(type: string, of = stack): Promise<Record<string, StateResource>> {
  const { deployment } = await of.exportStack();
  return Object.fromEntries(
    ((deployment.resources ?? []) as StateResource[])
      .filter((r) => r.type === type)
      .map((r) => [r.urn.slice(r.urn.lastIndexOf("::") + 2), r]),
  );
}

const requests = () => emulator.control.requests();
const writes = async () =>
  countByAction(
    (await requests()).filter((r) => !r.action.startsWith("Describe") && r.status === 200),
  );
const recordsOfBoth = async () => {
  const records = await recordsByTarget(emulator);
  return { web: records[ids.web1], eni: records[ids.attachedEni] };
};
/** The records of both memberships as resources of `types` in `of` write them. */
const recordsFor = (of: Stack, ...types: string[]) => ({
  web: Object.assign(
    {},
    ...types.map((type) => recordOf(of, "web-app", ids.appGroup, { project: PROJECT, type })),
  ),
  eni: Object.assign(
    {},
    ...types.map((type) => recordOf(of, "eni-db", ids.dbGroup, { project: PROJECT, type })),
  ),
});
const expectJoined = async () => {
  const groups = await groupsByTarget(emulator);
  expect(groups[ids.web1]).toEqual([ids.webGroup, ids.appGroup]);
  expect(groups[ids.attachedEni]).toEqual([ids.webGroup, ids.dbGroup]);
};

beforeAll(async () => {
  plugins = nativePluginDir();
  builtNodeSdk();
  emulator = await startEmulator();
  backend = mkdtempSync(join(tmpdir(), "sg-migration-state-"));
  ({ dir, stack } = await tsProject(dynamic()));
}, CLI_TIMEOUT_MS);
afterAll(() => emulator?.stop());

test("the dynamic stack joins both, with records keyed by the dynamic URNs", async () => {
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3 });
  expect(await writes()).toEqual({ TagResources: 2, JoinSecurityGroup: 2 });
  expect(await recordsOfBoth()).toEqual(recordsFor(stack, MEMBERSHIP_TYPE));
  expect(up.outputs.ids.value).toEqual([WEB_ID, ENI_ID]);
  expect(Object.keys(await memberships(MEMBERSHIP_TYPE)).sort()).toEqual(["eni-db", "web-app"]);
});

test("the native program with aliases previews as two updates, with no ECS call", async () => {
  writeProgram(dir, MIGRATED);
  // The program type-checks (strict) on the installed SDK, the alias option included.
  execFileSync(process.execPath, [
    join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"),
    "-p",
    dir,
  ]);
  await stack.setConfig("alicloud-sg-membership:region", { value: ids.region });
  await emulator.control.clearRequests();
  const out = capture();
  const preview = await stack.preview({ diff: true, onOutput: out.onOutput });
  expect(preview.changeSummary).toEqual({ same: 1, update: 2 });
  expect(await requests()).toEqual([]);
  // Each shows its provider moving and its `owner` input going (the native one takes its URN).
  const text = out.text();
  for (const name of ["web-app", "eni-db"]) {
    const urn = `urn:pulumi:${stack.name}::${PROJECT}::`;
    expect(text).toContain(`[urn=${urn}${NATIVE_MEMBERSHIP_TYPE}::${name}]`);
    expect(text).toContain(`- owner`);
    expect(text).toContain(`"${urn}${MEMBERSHIP_TYPE}::${name}"`);
  }
  expect(text.split("(update)").length - 1).toBe(2);
  // The SDK's resources name its version: the default provider is `default_<version>`.
  const { version } = JSON.parse(
    readFileSync(join(REPO_ROOT, "sdk", "nodejs", "package.json"), "utf8"),
  ) as { version: string };
  const provider = `pulumi:providers:alicloud-sg-membership::default_${version.split(".").join("_")}`;
  expect(text).toMatch(
    new RegExp(
      String.raw`\[provider: urn:pulumi:\S+::pulumi:providers:pulumi-nodejs::default::\S+ => ` +
        String.raw`urn:pulumi:\S+::${provider}::\[unknown\]\]`,
    ),
  );
  expect(text).not.toMatch(/replace|delete|create/);
});

test("the migrating up joins and leaves nothing: it moves each record to the native URN", async () => {
  await emulator.control.clearRequests();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, update: 2 });
  // Every ECS call of the migration, reads included: one tag write and one tag removal each.
  expect(countByAction(await requests())).toEqual({ TagResources: 2, UntagResources: 2 });
  expect((await requests()).every((r) => r.status === 200)).toBe(true);
  expect(await recordsOfBoth()).toEqual(recordsFor(stack, NATIVE_MEMBERSHIP_TYPE));
  await expectJoined();
  expect(up.outputs.ids.value).toEqual([WEB_ID, ENI_ID]);
  expect(up.outputs.groups.value).toEqual([
    [ids.webGroup, ids.appGroup],
    [ids.webGroup, ids.dbGroup],
  ]);

  expect(await memberships(MEMBERSHIP_TYPE)).toEqual({});
  const migrated = await memberships(NATIVE_MEMBERSHIP_TYPE);
  expect(migrated["web-app"].id).toBe(WEB_ID);
  expect(migrated["eni-db"].id).toBe(ENI_ID);
  for (const m of Object.values(migrated)) {
    expect(m.outputs).toMatchObject({ owner: m.urn, adopted: false, regionId: ids.region });
    // Nothing of the dynamic provider is left in the state.
    expect(m.inputs.__provider).toBeUndefined();
    expect(m.outputs.__provider).toBeUndefined();
  }
  const { deployment } = await stack.exportStack();
  expect(JSON.stringify(deployment)).not.toContain("pulumi-nodejs");

  await emulator.control.clearRequests();
  await stack.preview({ expectNoChanges: true });
  expect(await requests()).toEqual([]);
});

test("refresh on the native side finds both as they are, and the alias can go", async () => {
  await emulator.control.clearRequests();
  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
  expect(await writes()).toEqual({});
  writeProgram(dir, native());
  await stack.preview({ expectNoChanges: true });
  expect(await writes()).toEqual({});
});

test("destroy on the native side leaves each group once and removes every record", async () => {
  await emulator.control.clearRequests();
  await stack.destroy();
  expect(await writes()).toEqual({ LeaveSecurityGroup: 2, UntagResources: 2 });
  const groups = await groupsByTarget(emulator);
  expect(groups[ids.web1]).toEqual([ids.webGroup]);
  expect(groups[ids.attachedEni]).toEqual([ids.webGroup]);
  expect(await allRecords(emulator)).toEqual([]);
});

test("a migrating up killed between the new records and the old ones' removal converges", async () => {
  const killed = await tsProject(dynamic());
  await killed.stack.up();
  writeProgram(killed.dir, MIGRATED);
  await killed.stack.setConfig("alicloud-sg-membership:region", { value: ids.region });
  // Each UntagResources held and then dropped: the old records stay while the run is killed.
  await emulator.control.addFault({ action: "UntagResources", latencyMs: 10_000, drop: true });
  const run = spawnCli(
    (await pulumiCli()).command,
    ["up", "--yes", "--non-interactive", "--skip-preview", "--stack", killed.stack.name],
    killed.dir,
    envVars(),
  );
  try {
    await faultsFired(emulator, 2);
  } finally {
    await killRun(run, killed.dir);
    await emulator.control.clearFaults();
  }
  // Both records of each membership: the native one written first, the dynamic one still there.
  expect(await recordsOfBoth()).toEqual(
    recordsFor(killed.stack, MEMBERSHIP_TYPE, NATIVE_MEMBERSHIP_TYPE),
  );
  await expectJoined();
  expect((await releaseAfterKill(backend, PROJECT, killed.stack)).locked).toBe(true);
  // The engine kept the dynamic state: the update did not finish.
  expect(Object.keys(await memberships(MEMBERSHIP_TYPE, killed.stack)).sort()).toEqual([
    "eni-db",
    "web-app",
  ]);

  await emulator.control.clearRequests();
  const up = await killed.stack.up();
  expect(up.summary.result).toBe("succeeded");
  const calls = await writes();
  // The update again: the native record written once more (TagResources is idempotent).
  expect(calls).toEqual({ TagResources: 2, UntagResources: 2 });
  expect(await recordsOfBoth()).toEqual(recordsFor(killed.stack, NATIVE_MEMBERSHIP_TYPE));
  await expectJoined();
  await killed.stack.preview({ expectNoChanges: true });
  await killed.stack.destroy();
  expect(await allRecords(emulator)).toEqual([]);
});

test("the other route, retainOnDelete and then the import option, leaves the dynamic records", async () => {
  const other = await tsProject(dynamic());
  await other.stack.up();
  writeProgram(other.dir, dynamic("{ retainOnDelete: true }"));
  await emulator.control.clearRequests();
  await other.stack.up();
  expect(await writes()).toEqual({});

  writeProgram(other.dir, native(`{ import: "${WEB_ID}" }`, `{ import: "${ENI_ID}" }`));
  await other.stack.setConfig("alicloud-sg-membership:region", { value: ids.region });
  await emulator.control.clearRequests();
  const up = await other.stack.up();
  // Imported (reading only), then updated at once: the native records are written ...
  expect(up.summary.resourceChanges).toEqual({ delete: 2, import: 2, same: 1, update: 2 });
  expect(await writes()).toEqual({ TagResources: 2 });
  const imported = await memberships(NATIVE_MEMBERSHIP_TYPE, other.stack);
  for (const m of Object.values(imported)) {
    expect(m.outputs).toMatchObject({ adopted: true, owner: m.urn });
  }
  // ... and the retained dynamic resources' records stay: nothing removes them.
  expect(await recordsOfBoth()).toEqual(
    recordsFor(other.stack, MEMBERSHIP_TYPE, NATIVE_MEMBERSHIP_TYPE),
  );

  // So the native destroy takes them for another owner's, and keeps both memberships.
  await emulator.control.clearRequests();
  const out = capture();
  await other.stack.destroy({ onOutput: out.onOutput });
  expect(await writes()).toEqual({ UntagResources: 2 });
  await expectJoined();
  expect(await recordsOfBoth()).toEqual(recordsFor(other.stack, MEMBERSHIP_TYPE));
  expect(out.text()).toContain(
    `${WEB_ID}: kept the membership, which "${PROJECT}/${other.stack.name}/web-app" still ` +
      "declares; removed only this resource's record",
  );
});
