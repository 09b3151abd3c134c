/**
 * The native provider plugin's end-to-end scenario, the same for every language: a program (a
 * `NativeLanguage` driver turns declarations into it) through the real CLI and the language's
 * host, against the emulator. Preview, up, refresh after a membership was removed out of band,
 * replace, `pulumi import` by ID, `customTimeouts`, a secret input, an explicit provider
 * resource, destroy, and a stack with only `alicloud:region`. The steps share one stack and run
 * in order; each asserts the ECS calls made from the emulator's request log.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import type { MembershipDecl, NativeLanguage, ProgramDecl, ProviderDecl } from "./program";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { ownerOf, recordKey, recordValue } from "../../../provider/ownership/records";
import { nativePluginDir } from "../../../testkit/native-plugin";
import { cliDir, MATRIX } from "../../../testkit/support-matrix";
import { emulatorEnv, fileBackendEnv } from "../../../testkit/pulumi-env";
import { $Ecs, ecsClient } from "../../helpers/ecs-client";
import {
  allRecords,
  CLI_TIMEOUT_MS,
  countByAction,
  E2E_PASSPHRASE,
  failure,
  groupsByTarget,
  NATIVE_MEMBERSHIP_TYPE,
  recordsByTarget,
} from "../helpers";

type Outputs = Record<string, unknown>;

/**
 * Runs the scenario for `language` as one `describe` of ordered tests per Pulumi CLI of the
 * support matrix (the newest, then the floor).
 */
export function describeNativeScenario(language: NativeLanguage) {
  for (const cli of [MATRIX.cli.newest, MATRIX.cli.floor]) {
    describe(`the native plugin's scenario, in ${language.name}, on CLI v${cli}`, () =>
      scenario(language, cli));
  }
}

function scenario(language: NativeLanguage, cli: string) {
  const project = `sg-native-${language.name}-e2e`;
  let emulator: RunningEmulator;
  let dir: string;
  let backend: string;
  let stack: Stack;

  const write = (resources: Record<string, MembershipDecl>, providers?: ProgramDecl["providers"]) =>
    language.write(dir, { resources, ...(providers ? { providers } : {}) });
  const urnOf = (name: string) =>
    `urn:pulumi:${stack.name}::${project}::${NATIVE_MEMBERSHIP_TYPE}::${name}`;
  const recordFor = (name: string, group: string) => {
    const owner = ownerOf(urnOf(name))!;
    return { [recordKey(group, owner)]: recordValue(owner) };
  };
  async function inState(name: string) {
    const { deployment } = await stack.exportStack();
    return (deployment.resources ?? []).find((r: { urn: string }) => r.urn === urnOf(name)) as
      { id: string; inputs: Outputs; outputs: Outputs } | undefined;
  }
  const successes = async (on = emulator) =>
    (await on.control.requests()).filter((r) => r.status === 200);
  const writes = async (on = emulator) =>
    countByAction((await successes(on)).filter((r) => !r.action.startsWith("Describe")));

  const m: MembershipDecl = { properties: { securityGroupId: ids.appGroup, instanceId: ids.web1 } };
  const replaced: MembershipDecl = {
    properties: { securityGroupId: ids.cacheGroup, instanceId: ids.web1 },
  };
  const importId = `${ids.region}/${ids.web3}/${ids.dbGroup}`;
  const imported: MembershipDecl = {
    properties: { securityGroupId: ids.dbGroup, instanceId: ids.web3, regionId: ids.region },
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), `sg-native-${language.name}-`));
    backend = mkdtempSync(join(tmpdir(), "sg-native-state-"));
    const hostEnv = await language.prepare(dir, project, nativePluginDir());
    write({ m });
    // The region comes from the provider's own config below, not from the env.
    const { ALIBABA_CLOUD_REGION_ID: _fromEnv, ...env } = emulatorEnv(emulator.url);
    stack = await LocalWorkspace.createStack(
      { stackName: `native-${process.pid}`, workDir: dir },
      {
        envVars: { ...fileBackendEnv(backend, E2E_PASSPHRASE), ...env, ...hostEnv },
        pulumiCommand: await PulumiCommand.get({ root: dirname(cliDir(cli)) }),
      },
    );
    await stack.setConfig("alicloud-sg-membership:region", { value: ids.region });
  }, CLI_TIMEOUT_MS);
  afterAll(() => emulator?.stop());

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
    expect(state?.outputs).toMatchObject({
      owner: urnOf("m"),
      adopted: false,
      regionId: ids.region,
    });

    const again = await stack.preview();
    expect(again.changeSummary).toEqual({ same: 2 });
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

  test("a new security group replaces the membership, joining before leaving", async () => {
    write({ m: replaced });
    await emulator.control.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual(expect.objectContaining({ replace: 1 }));
    expect((await groupsByTarget(emulator))[ids.web1]).toEqual([ids.webGroup, ids.cacheGroup]);
    const calls = (await successes())
      .filter((r) => !r.action.startsWith("Describe"))
      .map((r) => r.action);
    expect(calls).toEqual([
      "TagResources",
      "JoinSecurityGroup",
      "LeaveSecurityGroup",
      "UntagResources",
    ]);
    // The record moved with it: one for the new group, none for the old.
    expect((await recordsByTarget(emulator))[ids.web1]).toEqual(recordFor("m", ids.cacheGroup));
    expect((await inState("m"))?.id).toBe(`${ids.region}/${ids.web1}/${ids.cacheGroup}`);
  });

  test("pulumi import takes an existing membership by its ID, reading only", async () => {
    await ecsClient(emulator.endpoint).joinSecurityGroup(
      new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web3, securityGroupId: ids.dbGroup }),
    );
    await emulator.control.clearRequests();
    const result = await stack.import({
      resources: [{ type: NATIVE_MEMBERSHIP_TYPE, name: "imported", id: importId }],
      protect: false,
      generateCode: language.generatesImportCode,
    });
    expect(result.summary.resourceChanges).toEqual(expect.objectContaining({ import: 1 }));
    expect(await writes()).toEqual({});
    if (language.generatesImportCode) {
      expect(result.generatedCode).toContain(ids.dbGroup);
      expect(result.generatedCode).toContain(ids.web3);
    }
    const state = await inState("imported");
    expect(state?.id).toBe(importId);
    expect(state?.outputs).toMatchObject({ adopted: true, owner: null, targetKind: "instance" });

    // Declared, its first up writes its ownership record and joins nothing; no input changes.
    write({ m: replaced, imported });
    await emulator.control.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(up.stdout).not.toMatch(/imported.*\[diff:/);
    expect(await writes()).toEqual({ TagResources: 1 });
    expect((await recordsByTarget(emulator))[ids.web3]).toEqual(recordFor("imported", ids.dbGroup));
    expect((await inState("imported"))?.outputs.owner).toBe(urnOf("imported"));
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
      write({ m: replaced, imported });
    }
  }

  test("customTimeouts ends a create at its deadline, naming it", () =>
    whileWeb2Starts(async () => {
      const slow: MembershipDecl = {
        properties: { securityGroupId: ids.appGroup, instanceId: ids.web2 },
        customTimeouts: { create: "3s" },
      };
      write({ m: replaced, imported, slow });
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
      // ... and the whole `pulumi up` (CLI, host, program, plugin) ends soon after.
      expect(elapsed).toBeLessThan(3_000 + 30_000);
      // Nothing is left behind: no membership, and the record the create wrote is removed.
      expect((await groupsByTarget(emulator))[ids.web2]).toEqual([ids.webGroup]);
      expect((await recordsByTarget(emulator))[ids.web2]).toEqual({});
      expect(await inState("slow")).toBeUndefined();
    }));

  test("a secret input stays secret in state, the outputs made from it too, with one warning", async () => {
    const sec: MembershipDecl = {
      properties: { securityGroupId: { secretConfig: "secretGroup" }, instanceId: ids.web2 },
    };
    write({ m: replaced, imported, sec });
    await stack.setConfig("secretGroup", { value: ids.opsGroup, secret: true });
    // The ECS call log, printed through the engine's log (a native plugin's stderr is hidden).
    const workspace = stack.workspace as LocalWorkspace;
    workspace.envVars.SG_MEMBERSHIP_LOG_ECS_CALLS = "true";
    let output = "";
    try {
      await stack.up({ onOutput: (s) => (output += s) });
    } finally {
      delete workspace.envVars.SG_MEMBERSHIP_LOG_ECS_CALLS;
    }
    expect(output).toMatch(
      /sg-membership: ecs: JoinSecurityGroup cn-hangzhou i-bp1web2\w+ \[secret\]/,
    );
    expect(output).toContain(
      'SecurityGroupMembership "sec": securityGroupId is a secret, but the resource ID',
    );
    // The checkpoint as the file backend holds it (exportStack shows secrets in plain text).
    const checkpoint = readFileSync(
      join(backend, ".pulumi", "stacks", project, `${stack.name}.json`),
      "utf8",
    );
    const state = (
      JSON.parse(checkpoint).checkpoint.latest.resources as {
        urn: string;
        inputs: Outputs;
        outputs: Outputs;
      }[]
    ).find((r) => r.urn === urnOf("sec"))!;
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

    write({ m: replaced, imported });
    await stack.up();
    expect((await groupsByTarget(emulator))[ids.web2]).toEqual([ids.webGroup]);
  });

  test("an explicit provider resource's region and endpoint are the ones used", async () => {
    const other = await startEmulator();
    let left = false;
    try {
      const elsewhere: ProviderDecl = { region: ids.region, endpoints: [{ ecs: other.url }] };
      const there: MembershipDecl = {
        properties: { securityGroupId: ids.monitorGroup, instanceId: ids.web2 },
        provider: "elsewhere",
      };
      write({ m: replaced, imported, there }, { elsewhere });
      await emulator.control.clearRequests();
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 3, create: 2 });
      expect(await writes(other)).toEqual({ TagResources: 1, JoinSecurityGroup: 1 });
      expect(await emulator.control.requests()).toEqual([]);
      expect((await groupsByTarget(other))[ids.web2]).toEqual([ids.webGroup, ids.monitorGroup]);

      write({ m: replaced, imported });
      await stack.up();
      left = true;
      expect(await writes(other)).toEqual({
        TagResources: 1,
        JoinSecurityGroup: 1,
        LeaveSecurityGroup: 1,
        UntagResources: 1,
      });
      expect(await allRecords(other)).toEqual([]);
    } finally {
      // A failure above must not leave the stack holding a membership of a stopped emulator.
      if (!left) {
        write({ m: replaced, imported });
        await stack.up().catch(() => undefined);
      }
      await other.stop();
    }
  });

  test("destroy leaves every membership and removes every record", async () => {
    await emulator.control.clearRequests();
    await stack.destroy();
    expect(await writes()).toEqual({ LeaveSecurityGroup: 2, UntagResources: 2 });
    const groups = await groupsByTarget(emulator);
    expect(groups[ids.web1]).toEqual([ids.webGroup]);
    expect(groups[ids.web3]).toEqual([ids.webGroup]);
    expect(await allRecords(emulator)).toEqual([]);
  });

  test("a malformed provider config fails preview by its key, before any ECS call", async () => {
    await stack.setConfig("alicloud-sg-membership:region", { value: "CN Hangzhou" });
    write({ m });
    await emulator.control.clearRequests();
    const message = await failure(stack.preview());
    expect(message).toContain("alicloud-sg-membership:region must not contain whitespace");
    expect(await emulator.control.requests()).toEqual([]);
  });

  test("stack config alicloud:region is not seen, and the error says what to set", async () => {
    await stack.removeConfig("alicloud-sg-membership:region");
    await stack.setConfig("alicloud:region", { value: ids.region });
    write({ m });
    const message = await failure(stack.preview());
    expect(message).toContain(
      "no region: set regionId, or stack config alicloud-sg-membership:region " +
        "(pulumi config set alicloud-sg-membership:region cn-hangzhou)",
    );
    expect(message).toContain("stack config alicloud:region is not passed to this native provider");
  });
}
