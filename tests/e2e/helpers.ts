/**
 * End-to-end harness: the real Pulumi CLI (built by scripts/ensure-pulumi-cli.sh when missing),
 * the Automation API with a file backend in a temp folder, and an emulator started per test file.
 */
import { copyFileSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { installPackageInto } from "../../testkit/installed-package";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { emulatorEnv, fileBackendEnv } from "../../testkit/pulumi-env";
import { TOOL_TIMEOUT_MS } from "../../testkit/support-matrix";

const ROOT = join(__dirname, "..", "..");
const PROGRAM_SOURCE = join(__dirname, "program");

/**
 * A private copy of the e2e program, so stack config files stay out of the repository. Its
 * node_modules has this package installed as from the registry (built dist/), unless the caller
 * brings a node_modules of its own to link.
 */
export function programCopy(nodeModules?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sg-e2e-program-"));
  for (const file of ["Pulumi.yaml", "index.js"])
    copyFileSync(join(PROGRAM_SOURCE, file), join(dir, file));
  if (nodeModules) symlinkSync(nodeModules, join(dir, "node_modules"));
  else installPackageInto(ROOT, dir);
  return dir;
}
/** The CLI build can take minutes the first time on a machine. */
export const CLI_TIMEOUT_MS = TOOL_TIMEOUT_MS;

/** The passphrase of the end-to-end and compatibility tests' file backends. */
export const E2E_PASSPHRASE = "e2e-passphrase";

export interface Membership {
  name: string;
  securityGroupId: string;
  instanceId?: string;
  networkInterfaceId?: string;
  regionId?: string;
  adoptExisting?: boolean;
  timeouts?: Record<string, string>;
}

export interface E2eOptions {
  /** The emulator's key pair, so tests can look for the secret in state and output. */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Give the credentials as stack config (secret) instead of env. */
  credentialsInConfig?: boolean;
  programDir?: string;
  env?: Record<string, string>;
}

/** One emulator and one file backend for a test file; stacks come from `stack()`. */
export class E2eWorld {
  readonly backend = mkdtempSync(join(tmpdir(), "sg-e2e-state-"));
  readonly program: string;
  emulator!: RunningEmulator;
  private counter = 0;

  constructor(readonly options: E2eOptions = {}) {
    this.program = options.programDir ?? programCopy();
  }

  async start() {
    this.emulator = await startEmulator({
      accessKeyId: this.options.accessKeyId,
      accessKeySecret: this.options.accessKeySecret,
    });
    await pulumiCli();
  }

  async stop() {
    await this.emulator?.stop();
  }

  envVars(): Record<string, string> {
    const o = this.options;
    const keys = o.credentialsInConfig
      ? null
      : {
          id: o.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
          secret: o.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
        };
    return {
      ...fileBackendEnv(this.backend, E2E_PASSPHRASE),
      ...emulatorEnv(this.emulator.url, keys),
      ...o.env,
    };
  }

  /** A new stack of the e2e program declaring these memberships. */
  async stack(memberships: Membership[], programDir = this.program): Promise<Stack> {
    const stack = await LocalWorkspace.createStack(
      { stackName: `e2e-${process.pid}-${++this.counter}`, workDir: programDir },
      { envVars: this.envVars(), pulumiCommand: await pulumiCli() },
    );
    await setMemberships(stack, memberships);
    if (this.options.credentialsInConfig) {
      await stack.setConfig("alicloud:accessKey", {
        value: this.options.accessKeyId ?? "",
        secret: true,
      });
      await stack.setConfig("alicloud:secretKey", {
        value: this.options.accessKeySecret ?? "",
        secret: true,
      });
    }
    return stack;
  }
}

export async function setMemberships(stack: Stack, memberships: Membership[]) {
  await stack.setConfig("memberships", { value: JSON.stringify(memberships) });
}

/** Collects what the CLI prints, to assert on it. */
export function capture() {
  const lines: string[] = [];
  return { onOutput: (s: string) => lines.push(s), text: () => lines.join("") };
}

/** The groups of every instance and ENI in the emulator, by ID. */
export async function groupsByTarget(emulator: RunningEmulator): Promise<Record<string, string[]>> {
  const world = await emulator.control.state();
  const groups: Record<string, string[]> = {};
  for (const eni of world.networkInterfaces) {
    const key = eni.type === "Primary" && eni.instanceId ? eni.instanceId : eni.networkInterfaceId;
    groups[key] = eni.securityGroupIds;
  }
  return groups;
}
