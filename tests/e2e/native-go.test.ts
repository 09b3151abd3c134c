/**
 * The native provider plugin serving a Go program (tests/fixtures/native-go, on the generated Go
 * SDK) through our Go language host: the scenario of ./native/scenario.ts (the host generates no
 * code for `pulumi import`); and what is the Go host's own: a program that does not compile
 * fails with the compiler's message, and `runtime.options.binary` runs a prebuilt program
 * without building.
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
import { allRecords, CLI_TIMEOUT_MS, E2E_PASSPHRASE, failure } from "./helpers";
import { goLanguage } from "./native/go";
import { describeNativeScenario } from "./native/scenario";

jest.setTimeout(180_000);

describeNativeScenario(goLanguage);

describe("the Go host", () => {
  let emulator: RunningEmulator;
  let dir: string;
  let stack: Stack;
  let goEnv: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), "sg-native-go-host-"));
    goEnv = await goLanguage.prepare(dir, "sg-native-go-host-e2e", nativePluginDir());
    goLanguage.write(dir, {
      resources: { m: { properties: { securityGroupId: ids.appGroup, instanceId: ids.web1 } } },
    });
    const backend = mkdtempSync(join(tmpdir(), "sg-native-state-"));
    stack = await LocalWorkspace.createStack(
      { stackName: `native-go-host-${process.pid}`, workDir: dir },
      {
        envVars: {
          ...fileBackendEnv(backend, E2E_PASSPHRASE),
          ...emulatorEnv(emulator.url),
          ...goEnv,
        },
        pulumiCommand: await pulumiCli(),
      },
    );
  }, CLI_TIMEOUT_MS);
  afterAll(() => emulator?.stop());

  /** Runs `work` with main.go holding `source`, restoring it after. */
  async function withMain(source: (original: string) => string, work: () => Promise<void>) {
    const main = join(dir, "main.go");
    const original = readFileSync(main, "utf8");
    writeFileSync(main, source(original));
    try {
      await work();
    } finally {
      writeFileSync(main, original);
    }
  }
  const uncompilable = () => "package main\n\nfunc main() { undefinedName() }\n";

  test("a program that does not compile fails with the compiler's message", () =>
    withMain(uncompilable, async () => {
      const message = await failure(stack.preview());
      expect(message).toContain(`go build . in ${dir} failed`);
      expect(message).toMatch(/main\.go:\d+:\d+: undefined: undefinedName/);
      expect(await emulator.control.requests()).toEqual([]);
    }));

  test("runtime.options.binary runs that program, and the host builds nothing", async () => {
    execFileSync(goBinary(), ["build", "-o", join("bin", "sg-program"), "."], {
      cwd: dir,
      env: { ...process.env, ...goEnv },
    });
    const projectFile = join(dir, "Pulumi.yaml");
    const project = readFileSync(projectFile, "utf8");
    const runtime = { name: "go", options: { binary: join("bin", "sg-program") } };
    writeFileSync(projectFile, JSON.stringify({ ...JSON.parse(project), runtime }));
    try {
      // Only the prebuilt binary can run: the source does not compile.
      await withMain(uncompilable, async () => {
        const up = await stack.up();
        expect(up.summary.resourceChanges).toEqual({ create: 2 });
        expect(up.outputs.m.value).toEqual([ids.webGroup, ids.appGroup]);
        await stack.destroy();
        expect(await allRecords(emulator)).toEqual([]);
      });
    } finally {
      writeFileSync(projectFile, project);
    }
  });
});
