import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../emulator";
import { pulumiCli } from "../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../testkit/pulumi-env";
import type { MembershipSpec } from "./membership-specs";
import { type PackageLayout, programDir, type ProgramKind } from "./program-dirs";
import { tempDir } from "./temp-dirs";

/** One emulator and one file backend; stacks of either program come from `stack()`. */
export class BenchEnv {
  readonly backend = tempDir("state");
  emulator!: RunningEmulator;
  private counter = 0;

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(options: EmulatorOptions): Promise<this> {
    this.emulator = await startEmulator(options);
    await pulumiCli();
    return this;
  }

  async stop(): Promise<void> {
    await this.emulator?.stop();
  }

  envVars(): Record<string, string> {
    return {
      ...fileBackendEnv(this.backend, "bench-passphrase"),
      ...emulatorEnv(this.emulator.url),
      ...this.env,
    };
  }

  /** A new stack of `kind` declaring `specs`. */
  async stack(
    kind: ProgramKind,
    specs: MembershipSpec[],
    layout: PackageLayout = "installed",
  ): Promise<Stack> {
    const name = `bench-${process.pid}-${++this.counter}`;
    const file = join(this.backend, `${name}.json`);
    writeFileSync(file, JSON.stringify(specs));
    const stack = await LocalWorkspace.createStack(
      { stackName: name, workDir: programDir(kind, layout) },
      { envVars: this.envVars(), pulumiCommand: await pulumiCli() },
    );
    await stack.setConfig("membershipsFile", { value: file });
    return stack;
  }
}
