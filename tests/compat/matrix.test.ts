/**
 * The support matrix, one combination (cell) at a time: this package packed and installed by
 * npm next to the cell's @pulumi/pulumi, run by the cell's Node.js and Pulumi CLI against the
 * emulator. The whole suite runs the primary cell; `npm test` then runs the others
 * (SG_MATRIX_CELLS=others, see testkit/support-matrix.ts).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import {
  cliDir,
  MATRIX,
  nodeDir,
  selectedCells,
  TOOL_TIMEOUT_MS,
} from "../../testkit/support-matrix";
import { E2E_PASSPHRASE, groupsByTarget } from "../e2e/helpers";
import { $Ecs, ecsClient } from "../helpers/ecs-client";
import {
  copiesOf,
  INSTALL_TIMEOUT_MS,
  npmProject,
  packedPackage,
  pulumiIn,
  run,
} from "../helpers/npm-project";

const PROGRAM = join(__dirname, "program");
const TYPESCRIPT = (
  JSON.parse(
    readFileSync(join(__dirname, "..", "..", "node_modules", "typescript", "package.json"), "utf8"),
  ) as {
    version: string;
  }
).version;
const TYPE = "pulumi-nodejs:dynamic/ecs:SecurityGroupMembership";
jest.setTimeout(5 * 60 * 1000);

describe.each(selectedCells())("$label", (cell) => {
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  let backend: string;
  let project: string;
  const pulumi = (...args: string[]) => pulumiIn(project, env)(...args);
  const groupsOf = async (target: string) => (await groupsByTarget(emulator))[target];

  beforeAll(async () => {
    const path = `${nodeDir(cell.node)}:${cliDir(cell.cli)}:${process.env.PATH}`;
    emulator = await startEmulator();
    backend = mkdtempSync(join(tmpdir(), "sg-compat-state-"));
    env = {
      ...process.env,
      PATH: path,
      ...fileBackendEnv(backend, E2E_PASSPHRASE),
      ...emulatorEnv(emulator.url),
    };
    project = await npmProject(
      [await packedPackage(), `@pulumi/pulumi@${cell.sdk}`, `typescript@${TYPESCRIPT}`],
      env,
    );
    for (const file of readdirSync(PROGRAM).filter((f) => f !== "inline.js"))
      cpSync(join(PROGRAM, file), join(project, file));
    mkdirSync(join(project, "inline"));
    cpSync(join(PROGRAM, "inline.js"), join(project, "inline", "inline.js"));
  }, TOOL_TIMEOUT_MS + INSTALL_TIMEOUT_MS);
  afterAll(() => emulator?.stop());

  it("has exactly one copy of @pulumi/pulumi, the cell's, and npm ls agrees", async () => {
    const sdk = join(project, "node_modules", "@pulumi", "pulumi");
    expect(copiesOf(project, "@pulumi/pulumi")).toEqual([sdk]);
    expect(JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")).version).toBe(cell.sdk);
    // npm ls exits non-zero on a missing or invalid peer dependency.
    const listed = await run("npm", ["ls", "@pulumi/pulumi", "--all"], { cwd: project, env });
    expect(listed).toContain(`@pulumi/pulumi@${cell.sdk}`);
  });

  it("type-checks a program against that SDK, with a newer option where the SDK has it", async () => {
    const tsc = (config: string) =>
      run("node", [join("node_modules", "typescript", "bin", "tsc"), "-p", config], {
        cwd: project,
        env,
      });
    await tsc("tsconfig.json");
    if (cell.sdk === MATRIX.sdk.floor)
      await expect(tsc("tsconfig.newer.json")).rejects.toThrow(/TS2353.*'stateMigrations'/);
    else await tsc("tsconfig.newer.json");
  });

  it("runs the CLI lifecycle: up, refresh after drift, up, replace, destroy", async () => {
    expect((await pulumi("version")).trim()).toBe(`v${cell.cli}`);
    await pulumi("stack", "init", "compat");
    await pulumi("config", "set", "instanceId", ids.web1);
    await pulumi("config", "set", "securityGroupId", ids.appGroup);
    await pulumi("up", "--yes", "--skip-preview");
    expect(JSON.parse(await pulumi("stack", "output", "--json"))).toEqual({
      id: `cn-hangzhou/${ids.web1}/${ids.appGroup}`,
      groups: [ids.webGroup, ids.appGroup],
      isCustomResource: true,
      node: `v${cell.nodeVersion}`,
      sdk: cell.sdk,
    });
    expect(await groupsOf(ids.web1)).toEqual([ids.webGroup, ids.appGroup]);

    // Removed behind Pulumi's back: refresh drops it from state, the next up joins it again.
    await ecsClient(emulator.endpoint).leaveSecurityGroup(
      new $Ecs.LeaveSecurityGroupRequest({ instanceId: ids.web1, securityGroupId: ids.appGroup }),
    );
    await pulumi("refresh", "--yes", "--skip-preview");
    const memberships = async () =>
      (
        JSON.parse(await pulumi("stack", "export")).deployment.resources as {
          type: string;
          id: string;
        }[]
      ).filter((r) => r.type === TYPE);
    expect(await memberships()).toEqual([]);
    await pulumi("up", "--yes", "--skip-preview");
    expect(await groupsOf(ids.web1)).toEqual([ids.webGroup, ids.appGroup]);

    // Another group replaces the membership: the new one joined, the old one left.
    await pulumi("config", "set", "securityGroupId", ids.dbGroup);
    expect(await pulumi("up", "--yes", "--skip-preview")).toMatch(/1 replaced/);
    expect(await groupsOf(ids.web1)).toEqual([ids.webGroup, ids.dbGroup]);
    expect((await memberships()).map((r) => r.id)).toEqual([
      `cn-hangzhou/${ids.web1}/${ids.dbGroup}`,
    ]);

    await pulumi("destroy", "--yes", "--skip-preview");
    expect(await groupsOf(ids.web1)).toEqual([ids.webGroup]);
    await pulumi("stack", "rm", "compat", "--yes");
  });

  it("runs an Automation API inline program: up, destroy", async () => {
    await emulator.control.clearRequests();
    const printed = await run(
      "node",
      ["inline.js", `file://${backend}`, ids.web2, ids.cacheGroup],
      { cwd: join(project, "inline"), env, timeout: 180_000 },
    );
    expect(JSON.parse(printed.trim().split("\n").pop() ?? "")).toEqual({
      up: { create: 2 },
      outputs: { id: `cn-hangzhou/${ids.web2}/${ids.cacheGroup}`, isCustomResource: true },
      destroy: { delete: 2 },
    });
    const writes = (await emulator.control.requests())
      .filter((r) => r.action.endsWith("SecurityGroup"))
      .map((r) => [r.action, r.params.InstanceId, r.params.SecurityGroupId, r.status]);
    expect(writes).toEqual([
      ["JoinSecurityGroup", ids.web2, ids.cacheGroup, 200],
      ["LeaveSecurityGroup", ids.web2, ids.cacheGroup, 200],
    ]);
    expect(await groupsOf(ids.web2)).toEqual([ids.webGroup]);
  });
});
