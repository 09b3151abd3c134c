/**
 * The ways a user of the official Pulumi CLI gets the native provider plugin to a Pulumi YAML
 * program offline, each through the real CLI and the official YAML host against the emulator,
 * with a PULUMI_HOME of its own (nothing is installed into ~/.pulumi):
 * - the tarball of scripts/pack-plugin.sh, installed by `pulumi plugin install --file`, for a
 *   program that names no plugin and with no plugin on PATH;
 * - `packages:` in Pulumi.yaml with a local path to the npm package's plugin/ (and what the CLI
 *   does not take there);
 * - the plugin's directory on PATH.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { installPackageInto } from "../../testkit/installed-package";
import { nativePluginDir, pluginTarball, yamlHostDir } from "../../testkit/native-plugin";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import { REPO_ROOT } from "../../testkit/repo-root";
import { CLI_TIMEOUT_MS, countByAction, E2E_PASSPHRASE, failure, groupsByTarget } from "./helpers";

jest.setTimeout(180_000);

const PACKAGE = "alicloud-sg-membership";
const EXECUTABLE = `pulumi-resource-${PACKAGE}`;
const TOKEN = `${PACKAGE}:ecs:SecurityGroupMembership`;
const { version, devDependencies } = JSON.parse(
  readFileSync(join(REPO_ROOT, "package.json"), "utf8"),
) as { version: string; devDependencies: Record<string, string> };

let emulator: RunningEmulator;
let yamlHost: string;
let tarball: string;

beforeAll(async () => {
  tarball = pluginTarball();
  yamlHost = yamlHostDir();
  await pulumiCli();
  emulator = await startEmulator();
}, CLI_TIMEOUT_MS);
afterAll(() => emulator?.stop());
beforeEach(() => emulator.control.reset());

const onPath = (path: string) =>
  path.split(delimiter).filter((dir) => existsSync(join(dir, EXECUTABLE)));

interface YamlProject {
  dir: string;
  home: string;
  path: string;
  stack: Stack;
  /** Rewrites Pulumi.yaml with these top-level entries beside the one membership. */
  write(extra?: object): void;
}

/** A YAML program of one membership (web1 in the app group), a fresh PULUMI_HOME and backend. */
async function yamlProject(name: string, pathFirst: string[] = []): Promise<YamlProject> {
  const dir = mkdtempSync(join(tmpdir(), `sg-native-${name}-`));
  const home = mkdtempSync(join(tmpdir(), "sg-native-pulumi-home-"));
  const path = [...pathFirst, yamlHost, process.env.PATH].join(delimiter);
  const write = (extra: object = {}) =>
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      JSON.stringify({
        name: `sg-native-${name}`,
        runtime: "yaml",
        ...extra,
        resources: {
          m: {
            type: TOKEN,
            properties: { securityGroupId: ids.appGroup, instanceId: ids.web1 },
          },
        },
      }),
    );
  write();
  const stack = await LocalWorkspace.createStack(
    { stackName: name, workDir: dir },
    {
      envVars: {
        ...fileBackendEnv(mkdtempSync(join(tmpdir(), "sg-native-state-")), E2E_PASSPHRASE),
        ...emulatorEnv(emulator.url),
        PATH: path,
      },
      pulumiHome: home,
      pulumiCommand: await pulumiCli(),
    },
  );
  return { dir, home, path, stack, write };
}

const writes = async () =>
  countByAction(
    (await emulator.control.requests()).filter(
      (r) => !r.action.startsWith("Describe") && r.status === 200,
    ),
  );

/** up joins web1 to the app group and writes its record; destroy undoes both. */
async function upAndDestroy(stack: Stack) {
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect((await groupsByTarget(emulator))[ids.web1]).toEqual([ids.webGroup, ids.appGroup]);
  expect(await writes()).toEqual({ TagResources: 1, JoinSecurityGroup: 1 });

  await emulator.control.clearRequests();
  await stack.destroy();
  expect((await groupsByTarget(emulator))[ids.web1]).toEqual([ids.webGroup]);
  expect(await writes()).toEqual({ LeaveSecurityGroup: 1, UntagResources: 1 });
}

const resourcePlugins = async (stack: Stack) =>
  (await stack.workspace.listPlugins())
    .filter((p) => p.kind === "resource")
    .map(({ name, version }) => ({ name, version }));

test("the tarball, installed by `pulumi plugin install --file`, serves a program that names no plugin", async () => {
  const project = await yamlProject("tarball");
  expect(onPath(project.path)).toEqual([]);
  const { stdout, stderr } = await promisify(execFile)(
    (await pulumiCli()).command,
    ["plugin", "install", "resource", PACKAGE, version, "--file", tarball],
    { env: { ...process.env, PULUMI_HOME: project.home, PULUMI_SKIP_UPDATE_CHECK: "true" } },
  );
  expect(`${stdout}${stderr}`).toContain(`[resource plugin ${PACKAGE}-${version}] installing`);
  expect(await resourcePlugins(project.stack)).toEqual([{ name: PACKAGE, version }]);
  const installed = join(project.home, "plugins", `resource-${PACKAGE}-v${version}`);
  expect(existsSync(join(installed, EXECUTABLE))).toBe(true);
  // Its own @pulumi/pulumi, the one this package is built and tested with; no dev tools.
  const sdk = JSON.parse(
    readFileSync(join(installed, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
  ) as { version: string };
  expect(sdk.version).toBe(devDependencies["@pulumi/pulumi"]);
  expect(existsSync(join(installed, "node_modules", "typescript"))).toBe(false);

  await upAndDestroy(project.stack);
});

test("`packages:` with a local path (./…) to the npm package's plugin/ serves the program; nothing is installed", async () => {
  const project = await yamlProject("packages");
  installPackageInto(REPO_ROOT, project.dir);
  const plugin = "node_modules/pulumi-alicloud-sg-membership/plugin";
  project.write({ packages: { [PACKAGE]: `./${plugin}` } });

  await upAndDestroy(project.stack);
  expect(await resourcePlugins(project.stack)).toEqual([]);

  // `pulumi install` resolves the local directory without the package's name (CLI v3.276.0)
  // and then looks for an executable named `pulumi-resource-` in it.
  const install = await failure((project.stack.workspace as LocalWorkspace).install());
  expect(install).toContain(
    `installing \`packages\` from Pulumi.yaml: expected "" to have an executable named "pulumi-resource-"`,
  );

  // Without ./ the path reads as a registry package, <source>/<publisher>/<name>.
  project.write({ packages: { [PACKAGE]: plugin } });
  const preview = await failure(project.stack.preview());
  expect(preview).toContain(
    `no resource plugin '${EXECUTABLE}' found in the workspace or on your $PATH`,
  );
});

test("the plugin's directory on PATH serves a program that names no plugin; an old node is named", async () => {
  const project = await yamlProject("path", [nativePluginDir()]);
  await upAndDestroy(project.stack);

  // What a machine whose `node` is Node.js 20 answers (this one may have none).
  const oldNode = mkdtempSync(join(tmpdir(), "sg-native-node20-"));
  writeFileSync(join(oldNode, "node"), "#!/bin/sh\necho v20.19.0\n", { mode: 0o755 });
  const workspace = project.stack.workspace as LocalWorkspace;
  workspace.envVars.PATH = [oldNode, project.path].join(delimiter);
  const message = await failure(project.stack.preview());
  expect(message).toContain(
    `${EXECUTABLE}: needs Node.js >= 22 as \`node\` on PATH, and found node v20.19.0 at ${join(oldNode, "node")}`,
  );
});
