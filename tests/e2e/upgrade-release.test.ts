/**
 * Stacks outlive releases and SDKs: a stack written by release 0.1.0 of this package (its
 * published tarball, kept in tests/fixtures/releases) with the floor @pulumi/pulumi is refreshed,
 * updated and destroyed after the project moves to this build and the newest SDK, and the move
 * itself makes no API call.
 */
import { cpSync, readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { SHIM_MODULE } from "../../provider/resource/stored-provider";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import { cliDir, MATRIX, TOOL_TIMEOUT_MS } from "../../testkit/support-matrix";
import {
  copiesOf,
  INSTALL_TIMEOUT_MS,
  npmInstall,
  npmProject,
  packedPackage,
  pulumiIn,
} from "../helpers/npm-project";
import { E2E_PASSPHRASE, groupsByTarget } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const RELEASE = join(
  ROOT,
  "tests",
  "fixtures",
  "releases",
  "pulumi-alicloud-sg-membership-0.1.0.tgz",
);
const PROGRAM = join(__dirname, "..", "compat", "program");
jest.setTimeout(5 * 60 * 1000);

let emulator: RunningEmulator;
let project: string;
let pulumi: ReturnType<typeof pulumiIn>;
beforeAll(async () => {
  emulator = await startEmulator();
  const env = {
    ...process.env,
    PATH: `${cliDir(MATRIX.cli.newest)}:${process.env.PATH}`,
    ...fileBackendEnv(mkdtempSync(join(tmpdir(), "sg-upgrade-state-")), E2E_PASSPHRASE),
    ...emulatorEnv(emulator.url),
  };
  project = await npmProject([RELEASE, `@pulumi/pulumi@${MATRIX.sdk.floor}`], env);
  for (const file of ["Pulumi.yaml", "index.js"]) cpSync(join(PROGRAM, file), join(project, file));
  pulumi = pulumiIn(project, env);
}, TOOL_TIMEOUT_MS + INSTALL_TIMEOUT_MS);
afterAll(() => emulator?.stop());

const versionIn = (name: string) =>
  JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")).version;
const writes = async () =>
  (await emulator.control.requests()).filter((r) => !r.action.startsWith("Describe"));

it("a stack of release 0.1.0 on the floor SDK is refreshed, updated and destroyed by this build on the newest SDK", async () => {
  expect([versionIn("pulumi-alicloud-sg-membership"), versionIn("@pulumi/pulumi")]).toEqual([
    "0.1.0",
    MATRIX.sdk.floor,
  ]);
  await pulumi("stack", "init", "old");
  await pulumi("config", "set", "instanceId", ids.web3);
  await pulumi("config", "set", "securityGroupId", ids.opsGroup);
  await pulumi("up", "--yes", "--skip-preview");
  expect((await groupsByTarget(emulator))[ids.web3]).toEqual([ids.webGroup, ids.opsGroup]);
  const stored = async () => {
    const state = JSON.parse(await pulumi("stack", "export"));
    const [m] = state.deployment.resources.filter((r: { type: string }) =>
      r.type.endsWith(":SecurityGroupMembership"),
    );
    return [m.inputs.__provider, m.outputs.__provider] as string[];
  };
  for (const shim of await stored()) expect(shim).toContain(`require("${SHIM_MODULE}")`);

  await npmInstall(project, [await packedPackage(), `@pulumi/pulumi@${MATRIX.sdk.newest}`]);
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  expect([versionIn("pulumi-alicloud-sg-membership"), versionIn("@pulumi/pulumi")]).toEqual([
    version,
    MATRIX.sdk.newest,
  ]);
  expect(copiesOf(project, "@pulumi/pulumi")).toHaveLength(1);

  await emulator.control.clearRequests();
  await pulumi("refresh", "--yes", "--skip-preview");
  expect(await writes()).toEqual([]); // refresh reads, and finds the membership
  await emulator.control.clearRequests();
  // The stored shim is the same one `require` in both releases: nothing to rewrite. The one
  // change is the ownership record a stack of 0.1.0 lacks: one update writes it.
  expect(await pulumi("preview", "--diff")).toMatch(/~ 1 to update/);
  expect(await pulumi("up", "--yes", "--skip-preview")).toMatch(/1 updated/);
  const [tag, ...others] = await writes();
  expect(others).toEqual([]);
  expect([tag.action, tag.params["ResourceId.1"], tag.params["Tag.1.Key"]]).toEqual([
    "TagResources",
    ids.web3,
    expect.stringMatching(new RegExp(`^sg-membership/${ids.opsGroup}/[0-9a-f]{12}/[0-9a-f]{12}$`)),
  ]);
  await emulator.control.clearRequests();
  await pulumi("preview", "--expect-no-changes");
  for (const shim of await stored()) expect(shim).toContain(`require("${SHIM_MODULE}")`);

  await pulumi("config", "set", "--path", "timeouts.delete", "5m");
  expect(await pulumi("up", "--yes", "--skip-preview")).toMatch(/1 updated/);
  expect(await emulator.control.requests()).toEqual([]); // an in-place update calls no API

  await emulator.control.clearRequests();
  await pulumi("destroy", "--yes", "--skip-preview");
  expect((await writes()).map((r) => [r.action, r.status])).toEqual([
    ["LeaveSecurityGroup", 200],
    ["UntagResources", 200],
  ]);
  expect((await groupsByTarget(emulator))[ids.web3]).toEqual([ids.webGroup]);
});
