/**
 * Migrating a TypeScript stack from the dynamic resource (`new SecurityGroupMembership(...)` of
 * this package) to the native plugin's `alicloud-sg-membership:ecs:SecurityGroupMembership`,
 * through the real CLI and the Node.js language host against the emulator. The route: the
 * native resource keeps the name and takes `aliases: [{ type: <the dynamic type> }]`. The
 * engine then asks the native plugin's DiffConfig (unimplemented: no replace) and Diff with the
 * dynamic state, which is an update (the owner, a URN, changes): the ownership records move to
 * the new URN (TagResources, UntagResources) and nothing joins or leaves. The steps share one
 * stack and run in order.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { installPackageInto } from "../../testkit/installed-package";
import { nativePluginDir } from "../../testkit/native-plugin";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import { REPO_ROOT } from "../../testkit/repo-root";
import {
  allRecords,
  capture,
  CLI_TIMEOUT_MS,
  countByAction,
  E2E_PASSPHRASE,
  groupsByTarget,
  MEMBERSHIP_TYPE,
  NATIVE_MEMBERSHIP_TYPE,
  recordOf,
  recordsByTarget,
} from "./helpers";

jest.setTimeout(240_000);

const PROJECT = "sg-migration-e2e";

let emulator: RunningEmulator;
let dir: string;
let stack: Stack;

/** The program's two memberships, one of an instance and one of an ENI. */
const DECLARATIONS = `
const web = new SecurityGroupMembership(
  "web-app",
  { instanceId: "${ids.web1}", securityGroupId: "${ids.appGroup}" }OPTS
);
const eni = new SecurityGroupMembership(
  "eni-db",
  { networkInterfaceId: "${ids.attachedEni}", securityGroupId: "${ids.dbGroup}" }OPTS
);
export const ids = [web.id, eni.id];
export const groups = [web.targetSecurityGroupIds, eni.targetSecurityGroupIds];
`;

/** Before: the dynamic resource from this package. */
const DYNAMIC = `import { SecurityGroupMembership } from "pulumi-alicloud-sg-membership";
${DECLARATIONS.split("OPTS").join("")}`;

/**
 * After: the native resource, with the same names and an alias of the dynamic type. Declared as
 * a small CustomResource subclass registering the token, as a generated SDK's class does.
 */
const NATIVE = `import * as pulumi from "@pulumi/pulumi";

class SecurityGroupMembership extends pulumi.CustomResource {
  declare readonly targetSecurityGroupIds: pulumi.Output<string[]>;
  constructor(
    name: string,
    args: { securityGroupId: string; instanceId?: string; networkInterfaceId?: string },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("${NATIVE_MEMBERSHIP_TYPE}", name, { ...args, targetSecurityGroupIds: undefined }, opts);
  }
}
const moved = { aliases: [{ type: "${MEMBERSHIP_TYPE}" }] };
${DECLARATIONS.split("OPTS").join(",\n  moved")}`;

function writeProgram(source: string) {
  writeFileSync(join(dir, "index.ts"), source);
}

type StateResource = {
  urn: string;
  type: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

async function memberships(type: string): Promise<Record<string, StateResource>> {
  const { deployment } = await stack.exportStack();
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
const recordsFor = (type: string) => ({
  web: recordOf(stack, "web-app", ids.appGroup, { project: PROJECT, type }),
  eni: recordOf(stack, "eni-db", ids.dbGroup, { project: PROJECT, type }),
});
const idOf = (target: string, group: string) => `${ids.region}/${target}/${group}`;

beforeAll(async () => {
  const plugins = nativePluginDir();
  emulator = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), "sg-migration-program-"));
  installPackageInto(REPO_ROOT, dir);
  const project = [
    `name: ${PROJECT}`,
    "runtime: nodejs",
    "main: index.ts",
    "plugins:",
    "  providers:",
    "    - name: alicloud-sg-membership",
    `      path: ${plugins}`,
  ];
  writeFileSync(join(dir, "Pulumi.yaml"), project.join("\n") + "\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: PROJECT, private: true }));
  const compilerOptions = {
    strict: true,
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node",
    skipLibCheck: true,
  };
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions, files: ["index.ts"] }),
  );
  writeProgram(DYNAMIC);
  // The region is the stack's `alicloud:region`, as a dynamic stack usually has it.
  const { ALIBABA_CLOUD_REGION_ID: _fromEnv, ...env } = emulatorEnv(emulator.url);
  stack = await LocalWorkspace.createStack(
    { stackName: `migration-${process.pid}`, workDir: dir },
    {
      envVars: {
        ...fileBackendEnv(mkdtempSync(join(tmpdir(), "sg-migration-state-")), E2E_PASSPHRASE),
        ...env,
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      },
      pulumiCommand: await pulumiCli(),
    },
  );
  await stack.setConfig("alicloud:region", { value: ids.region });
}, CLI_TIMEOUT_MS);
afterAll(() => emulator?.stop());

test("the dynamic stack joins both, with records keyed by the dynamic URNs", async () => {
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3 });
  expect(await writes()).toEqual({ TagResources: 2, JoinSecurityGroup: 2 });
  expect(await recordsOfBoth()).toEqual(recordsFor(MEMBERSHIP_TYPE));
  expect(up.outputs.ids.value).toEqual([
    idOf(ids.web1, ids.appGroup),
    idOf(ids.attachedEni, ids.dbGroup),
  ]);
  expect(Object.keys(await memberships(MEMBERSHIP_TYPE)).sort()).toEqual(["eni-db", "web-app"]);
});

test("the native program with aliases previews as two updates, with no ECS call", async () => {
  writeProgram(NATIVE);
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
  expect(text).toMatch(
    /\[provider: urn:pulumi:\S+::pulumi:providers:pulumi-nodejs::default::\S+ => urn:pulumi:\S+::pulumi:providers:alicloud-sg-membership::default::\[unknown\]\]/,
  );
  expect(text).not.toMatch(/replace|delete|create/);
});

test("the migrating up joins and leaves nothing: it moves each record to the native URN", async () => {
  await emulator.control.clearRequests();
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, update: 2 });
  expect(await writes()).toEqual({ TagResources: 2, UntagResources: 2 });
  expect(await recordsOfBoth()).toEqual(recordsFor(NATIVE_MEMBERSHIP_TYPE));
  const groups = await groupsByTarget(emulator);
  expect(groups[ids.web1]).toEqual([ids.webGroup, ids.appGroup]);
  expect(groups[ids.attachedEni]).toEqual([ids.webGroup, ids.dbGroup]);
  expect(up.outputs.ids.value).toEqual([
    idOf(ids.web1, ids.appGroup),
    idOf(ids.attachedEni, ids.dbGroup),
  ]);
  expect(up.outputs.groups.value).toEqual([groups[ids.web1], groups[ids.attachedEni]]);

  expect(await memberships(MEMBERSHIP_TYPE)).toEqual({});
  const native = await memberships(NATIVE_MEMBERSHIP_TYPE);
  expect(native["web-app"].id).toBe(idOf(ids.web1, ids.appGroup));
  expect(native["eni-db"].id).toBe(idOf(ids.attachedEni, ids.dbGroup));
  for (const m of Object.values(native)) {
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

test("refresh on the native side finds both as they are", async () => {
  await emulator.control.clearRequests();
  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
  expect(await writes()).toEqual({});
  await stack.preview({ expectNoChanges: true });
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
