/**
 * A Go program on the native provider plugin (tests/fixtures/native-go, on the generated Go SDK),
 * run by our Go language host through the real CLI against the emulator: up with an explicit
 * provider, a secret input and customTimeouts, destroy; and what only the Go host does: a
 * program that does not compile fails with the compiler's message, and `runtime.options.binary`
 * runs a prebuilt program without building.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { goBinary } from "../../testkit/go-program";
import { nativePluginDir } from "../../testkit/native-plugin";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import {
  allRecords,
  CLI_TIMEOUT_MS,
  countByAction,
  E2E_PASSPHRASE,
  failure,
  groupsByTarget,
} from "./helpers";
import { goLanguage } from "./native/go";
import type { ProgramDecl } from "./native/program";

jest.setTimeout(300_000);

const PROJECT = "sg-native-go-e2e";
const TOKEN = "alicloud-sg-membership:ecs:SecurityGroupMembership";

let emulator: RunningEmulator;
let dir: string;
let backend: string;
let languageEnv: Record<string, string>;
let stack: Stack;

const writes = async () =>
  countByAction(
    (await emulator.control.requests()).filter(
      (r) => !r.action.startsWith("Describe") && r.status === 200,
    ),
  );

beforeAll(async () => {
  const plugins = nativePluginDir();
  emulator = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), "sg-native-go-"));
  backend = mkdtempSync(join(tmpdir(), "sg-native-go-state-"));
  languageEnv = await goLanguage.prepare(dir, PROJECT, plugins);
  // The region and endpoint come from the explicit provider, not from the env.
  const {
    ALIBABA_CLOUD_REGION_ID: _region,
    ALIBABA_CLOUD_ECS_ENDPOINT: _endpoint,
    ...env
  } = emulatorEnv(emulator.url);
  const decl: ProgramDecl = {
    providers: { emu: { region: ids.region, endpoints: [{ ecs: emulator.url }] } },
    resources: {
      m: {
        properties: { securityGroupId: ids.appGroup, instanceId: ids.web1 },
        provider: "emu",
        customTimeouts: { create: "2m" },
      },
      sec: {
        properties: { securityGroupId: { secretConfig: "secretGroup" }, instanceId: ids.web2 },
        provider: "emu",
      },
    },
  };
  goLanguage.write(dir, decl);
  stack = await LocalWorkspace.createStack(
    { stackName: `native-go-${process.pid}`, workDir: dir },
    {
      envVars: { ...fileBackendEnv(backend, E2E_PASSPHRASE), ...env, ...languageEnv },
      pulumiCommand: await pulumiCli(),
    },
  );
  await stack.setConfig("secretGroup", { value: ids.opsGroup, secret: true });
}, CLI_TIMEOUT_MS);
afterAll(() => emulator?.stop());

test("up joins through the explicit provider, the secret input secret in state", async () => {
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 4 });
  expect(up.outputs.m.value).toEqual([ids.webGroup, ids.appGroup]);
  expect(up.outputs.sec).toMatchObject({ secret: true, value: [ids.webGroup, ids.opsGroup] });
  expect(await writes()).toEqual({ TagResources: 2, JoinSecurityGroup: 2 });
  const checkpoint = readFileSync(
    join(backend, ".pulumi", "stacks", PROJECT, `${stack.name}.json`),
    "utf8",
  );
  const resources = JSON.parse(checkpoint).checkpoint.latest.resources as {
    urn: string;
    type: string;
    inputs: Record<string, unknown>;
    custom?: boolean;
    provider?: string;
    customTimeouts?: Record<string, number>;
  }[];
  const m = resources.find((r) => r.urn.endsWith(`${TOKEN}::m`))!;
  expect(m.provider).toContain("pulumi:providers:alicloud-sg-membership::emu::");
  expect(m.customTimeouts).toMatchObject({ create: 120 });
  const sec = resources.find((r) => r.urn.endsWith(`${TOKEN}::sec`))!;
  expect(sec.inputs.securityGroupId).toHaveProperty("ciphertext");

  const again = await stack.preview();
  expect(again.changeSummary).toEqual({ same: 4 });
});

test("destroy leaves every membership and removes every record", async () => {
  await emulator.control.clearRequests();
  await stack.destroy();
  expect(await writes()).toEqual({ LeaveSecurityGroup: 2, UntagResources: 2 });
  const groups = await groupsByTarget(emulator);
  expect(groups[ids.web1]).toEqual([ids.webGroup]);
  expect(groups[ids.web2]).toEqual([ids.webGroup]);
  expect(await allRecords(emulator)).toEqual([]);
});

test("a program that does not compile fails with the compiler's message", async () => {
  const main = join(dir, "main.go");
  const source = readFileSync(main, "utf8");
  writeFileSync(main, source.replace("func main() {", "func main() {\n\tundefinedName()"));
  try {
    const message = await failure(stack.preview());
    expect(message).toContain(`go build . in ${dir} failed`);
    expect(message).toMatch(/main\.go:\d+:\d+: undefined: undefinedName/);
  } finally {
    writeFileSync(main, source);
  }
});

test("runtime.options.binary runs that program, and the host builds nothing", async () => {
  const projectFile = join(dir, "Pulumi.yaml");
  const project = readFileSync(projectFile, "utf8");
  const main = join(dir, "main.go");
  const source = readFileSync(main, "utf8");
  execFileSync(goBinary(), ["build", "-o", join("bin", "sg-program"), "."], {
    cwd: dir,
    env: { ...process.env, ...languageEnv },
  });
  writeFileSync(
    projectFile,
    JSON.stringify({
      ...JSON.parse(project),
      runtime: { name: "go", options: { binary: join("bin", "sg-program") } },
    }),
  );
  // A source that would not compile: only the prebuilt binary can run.
  writeFileSync(main, "package main\n\nfunc main() { undefinedName() }\n");
  try {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 4 });
    expect(up.outputs.m.value).toEqual([ids.webGroup, ids.appGroup]);
    await stack.destroy();
  } finally {
    writeFileSync(main, source);
    writeFileSync(projectFile, project);
  }
});
