/**
 * The native provider plugin serving a TypeScript program on the generated Node.js SDK through
 * our Node.js language host: the scenario of ./native/scenario.ts; then what is particular to
 * the SDK: the installed program type-checks with tsc and holds one @pulumi/pulumi, and an
 * explicit provider takes credentials as inputs (a secret one among them).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import {
  allRecords,
  CLI_TIMEOUT_MS,
  countByAction,
  E2E_PASSPHRASE,
  groupsByTarget,
} from "./helpers";
import type { ProgramDecl, ProviderDecl, SecretConfigValue } from "./native/program";
import { describeNativeScenario } from "./native/scenario";
import { NODE_SDK_PACKAGE, typescriptLanguage } from "./native/typescript";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { nativePluginDir } from "../../testkit/native-plugin";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import { copiesOf, run } from "../helpers/npm-project";

jest.setTimeout(180_000);

describeNativeScenario(typescriptLanguage);

describe("the generated Node.js SDK in a TypeScript program", () => {
  const project = "sg-native-typescript-sdk-e2e";
  /** The only key pair the emulator takes: the env's default pair is refused. */
  const keys = {
    accessKeyId: "explicit-provider-key",
    accessKeySecret: "explicit-provider-secret",
  };
  let emulator: RunningEmulator;
  let dir: string;
  let backend: string;
  let stack: Stack;

  beforeAll(async () => {
    emulator = await startEmulator(keys);
    dir = mkdtempSync(join(tmpdir(), "sg-native-typescript-sdk-"));
    backend = mkdtempSync(join(tmpdir(), "sg-native-state-"));
    const hostEnv = await typescriptLanguage.prepare(dir, project, nativePluginDir());
    stack = await LocalWorkspace.createStack(
      { stackName: `native-sdk-${process.pid}`, workDir: dir },
      {
        envVars: {
          ...fileBackendEnv(backend, E2E_PASSPHRASE),
          ...emulatorEnv(emulator.url),
          ...hostEnv,
        },
        pulumiCommand: await pulumiCli(),
      },
    );
  }, CLI_TIMEOUT_MS);
  afterAll(() => emulator?.stop());

  test("the program type-checks on the installed SDK, which uses the program's one @pulumi/pulumi", async () => {
    await run(
      process.execPath,
      [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", dir],
      {
        cwd: dir,
      },
    );
    expect(copiesOf(dir, "@pulumi/pulumi")).toEqual([
      join(dir, "node_modules", "@pulumi", "pulumi"),
    ]);
    const installed = join(dir, "node_modules", ...NODE_SDK_PACKAGE.split("/"));
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
    expect(manifest.peerDependencies["@pulumi/pulumi"]).toMatch(/^>=3\.\d+\.\d+ <4\.0\.0$/);
    expect(require.resolve("@pulumi/pulumi", { paths: [installed] })).toBe(
      require.resolve("@pulumi/pulumi", { paths: [dir] }),
    );
  });

  test("an explicit provider's accessKey and secret secretKey sign its calls, and stay out of the state", async () => {
    const keyed: ProviderDecl & { accessKey: string; secretKey: SecretConfigValue } = {
      region: ids.region,
      endpoints: [{ ecs: emulator.url }],
      accessKey: keys.accessKeyId,
      secretKey: { secretConfig: "explicitSecretKey" },
    };
    const decl: ProgramDecl = {
      providers: { keyed },
      resources: {
        viaKeys: {
          properties: { securityGroupId: ids.cacheGroup, instanceId: ids.web1 },
          provider: "keyed",
        },
      },
    };
    typescriptLanguage.write(dir, decl);
    await stack.setConfig("explicitSecretKey", { value: keys.accessKeySecret, secret: true });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const writes = async () =>
      countByAction(
        (await emulator.control.requests()).filter(
          (r) => r.status === 200 && !r.action.startsWith("Describe"),
        ),
      );
    expect(await writes()).toEqual({ TagResources: 1, JoinSecurityGroup: 1 });
    expect((await groupsByTarget(emulator))[ids.web1]).toEqual([ids.webGroup, ids.cacheGroup]);
    // Both keys are secrets in the state file (the SDK makes accessKey one too).
    const checkpoint = readFileSync(
      join(backend, ".pulumi", "stacks", project, `${stack.name}.json`),
      "utf8",
    );
    expect(checkpoint).not.toContain(keys.accessKeySecret);
    expect(checkpoint).not.toContain(keys.accessKeyId);

    await stack.destroy();
    expect(await writes()).toEqual({
      TagResources: 1,
      JoinSecurityGroup: 1,
      LeaveSecurityGroup: 1,
      UntagResources: 1,
    });
    expect(await allRecords(emulator)).toEqual([]);
  });
});
