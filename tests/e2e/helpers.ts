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
/** The message of a command that must fail. */
export async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error("expected the command to fail");
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

// Ownership records (tests/e2e/ownership*.test.ts).

import { ownerOf, RECORD_PREFIX, recordKey, recordValue } from "../../provider/ownership/records";

/** The type every membership registers under, as its URN shows it. */
export const MEMBERSHIP_TYPE = "pulumi-nodejs:dynamic/ecs:SecurityGroupMembership";

/**
 * The ownership records (`sg-membership/…` tags) on every instance and ENI, by instance or ENI ID;
 * a target with none maps to `{}`.
 */
export async function recordsByTarget(
  emulator: RunningEmulator,
): Promise<Record<string, Record<string, string>>> {
  const world = await emulator.control.state();
  const records: Record<string, Record<string, string>> = {};
  const keep = (tags: Record<string, string>) =>
    Object.fromEntries(Object.entries(tags).filter(([key]) => key.startsWith(RECORD_PREFIX)));
  for (const i of world.instances) records[i.instanceId] = keep(i.tags);
  for (const e of world.networkInterfaces) records[e.networkInterfaceId] = keep(e.tags);
  return records;
}

/** Every `sg-membership/…` tag left anywhere in the emulator, as `<target> <key>`. */
export async function allRecords(emulator: RunningEmulator): Promise<string[]> {
  return Object.entries(await recordsByTarget(emulator)).flatMap(([target, tags]) =>
    Object.keys(tags).map((key) => `${target} ${key}`),
  );
}

/** The type token of the native provider plugin's membership. */
export const NATIVE_MEMBERSHIP_TYPE = "alicloud-sg-membership:ecs:SecurityGroupMembership";

/** Where a membership is declared: its project (the e2e program's by default) and type. */
export interface DeclaredIn {
  project?: string;
  type?: string;
}

/** The URN of a membership named `name` in `stack` (of the e2e program's project, dynamic). */
export const membershipUrn = (
  stack: Stack,
  name: string,
  { project = "sg-membership-e2e", type = MEMBERSHIP_TYPE }: DeclaredIn = {},
) => `urn:pulumi:${stack.name}::${project}::${type}::${name}`;

/** The record (one tag) the membership `name` of `stack` writes for `securityGroupId`. */
export function recordOf(
  stack: Stack,
  name: string,
  securityGroupId: string,
  declaredIn: DeclaredIn = {},
): Record<string, string> {
  const owner = ownerOf(membershipUrn(stack, name, declaredIn))!;
  return { [recordKey(securityGroupId, owner)]: recordValue(owner) };
}

/** The memberships in a stack's state: URN, ID and outputs, by resource name. */
export async function membershipsInState(
  stack: Stack,
): Promise<Record<string, { urn: string; id: string; outputs: Record<string, unknown> }>> {
  const { deployment } = await stack.exportStack();
  const found: Record<string, { urn: string; id: string; outputs: Record<string, unknown> }> = {};
  for (const r of deployment.resources ?? []) {
    if (r.type !== MEMBERSHIP_TYPE) continue;
    found[r.urn.slice(r.urn.lastIndexOf("::") + 2)] = { urn: r.urn, id: r.id, outputs: r.outputs };
  }
  return found;
}

// ------------------------------------------------------------------------------------------------
// Interrupted runs (tests/e2e/kill-points.test.ts): the processes of a run, killing it, an
// emulator that persists its world and restarts on the same port, the file backend's locks and
// checkpoint, and request-log counts. Imports are kept in this block.
// ------------------------------------------------------------------------------------------------
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import type { RequestLogEntry } from "../../emulator";

/** Processes whose working directory is `dir`, with their command lines. */
export function processesIn(dir: string): { pid: number; command: string }[] {
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      found.push({ pid: Number(pid), command });
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return found;
}

/** The language host and the program it runs (the SDK's cmd/run), in `dir`. */
export const hostAndProgram = (dir: string) =>
  processesIn(dir).filter(
    (p) => p.command.includes("pulumi-language-nodejs") || /cmd[/\\]run/.test(p.command),
  );

/** The dynamic-provider plugin (`pulumi-resource-pulumi-nodejs` and the SDK's cmd/dynamic-provider) in `dir`. */
export const dynamicProviders = (dir: string) =>
  processesIn(dir).filter(
    (p) =>
      p.command.includes("pulumi-resource-pulumi-nodejs") ||
      /cmd[/\\]dynamic-provider/.test(p.command),
  );

/** A Pulumi CLI command started as its own process group, its output collected. */
export interface CliRun {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
}

export function spawnCli(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): CliRun {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: string[] = [];
  child.stdout!.on("data", (d) => chunks.push(String(d)));
  child.stderr!.on("data", (d) => chunks.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, exited, output: () => chunks.join("") };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILLs a run's whole process group (the CLI and its engine). The language host notices its
 * engine is gone and exits with its program (waited for up to `hostWaitMs`); the engine starts
 * plugins in process groups of their own, so every process left in `dir` (the dynamic-provider
 * plugin among them) is killed too. Returns what ran just after the kill and what outlived the wait.
 */
export async function killRun(run: CliRun, dir: string, hostWaitMs = 20_000) {
  process.kill(-run.child.pid!, "SIGKILL");
  const running = processesIn(dir);
  await run.exited;
  const killedAt = Date.now();
  let left = hostAndProgram(dir);
  while (left.length > 0 && Date.now() - killedAt < hostWaitMs) {
    await pause(100);
    left = hostAndProgram(dir);
  }
  for (const { pid } of processesIn(dir)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Exited meanwhile.
    }
  }
  return { running, left };
}

/** The native provider plugin (its script execs node on `dist/provider/native/main.js`) in `dir`. */
export const nativeProviders = (dir: string) =>
  processesIn(dir).filter((p) => /provider[/\\]native[/\\]main\.js/.test(p.command));

/** SIGKILLs `processes`; returns them. */
function killAll(processes: { pid: number; command: string }[]) {
  for (const { pid } of processes) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Exited meanwhile.
    }
  }
  return processes;
}

/**
 * Waits until the emulator's fault rules have fired `count` times in all. A request held by a
 * latency rule is in the request log only once answered or dropped; its rule has fired at once.
 */
export async function faultsFired(emulator: RunningEmulator, count: number, limitMs = 120_000) {
  const started = Date.now();
  for (;;) {
    const faults = await emulator.control.faults();
    if (faults.reduce((n, f) => n + f.fired, 0) >= count) return;
    if (Date.now() - started > limitMs) throw new Error(`kill point not reached in ${limitMs} ms`);
    await pause(20);
  }
}

/** SIGKILLs the dynamic-provider plugin processes in `dir` only; returns what it killed. */
export const killDynamicProviders = (dir: string) => killAll(dynamicProviders(dir));

/** SIGKILLs the native provider plugin processes in `dir` only; returns what it killed. */
export const killNativeProviders = (dir: string) => killAll(nativeProviders(dir));

/**
 * An E2eWorld whose emulator persists its world to a state file, so it can be stopped and
 * started again from that file on the same port (and URL) while a deployment runs. The request
 * log and fault rules live in memory: `requestsBeforeRestarts` keeps the log of earlier runs.
 */
export class RestartableE2eWorld extends E2eWorld {
  readonly statePath = join(mkdtempSync(join(tmpdir(), "sg-e2e-emulator-")), "world.json");
  readonly requestsBeforeRestarts: RequestLogEntry[] = [];

  override async start() {
    this.emulator = await startEmulator({
      statePath: this.statePath,
      accessKeyId: this.options.accessKeyId,
      accessKeySecret: this.options.accessKeySecret,
    });
    await pulumiCli();
  }

  /** Stops the emulator (closing every connection), waits `downMs` (200 ms at least), starts it on the same port. */
  async restartEmulator(downMs: number): Promise<void> {
    const port = this.emulator.port;
    this.requestsBeforeRestarts.push(...(await this.emulator.control.requests()));
    await this.emulator.stop();
    // Lets this process see its pooled connections closed before it makes new ones (else a
    // control call may reuse one just closed: "other side closed").
    await pause(Math.max(downMs, 200));
    this.emulator = await startEmulator({
      port,
      statePath: this.statePath,
      accessKeyId: this.options.accessKeyId,
      accessKeySecret: this.options.accessKeySecret,
    });
  }

  /** The request log since `since` (ISO time), across restarts. */
  async requestsSince(since: string): Promise<RequestLogEntry[]> {
    const now = await this.emulator.control.requests({ since });
    return [...this.requestsBeforeRestarts.filter((r) => r.time >= since), ...now];
  }
}

/** The lock files the file backend holds for a stack (`.pulumi/locks/organization/<project>/<stack>/`). */
export function backendLocks(backend: string, project: string, stack: string): string[] {
  const dir = join(backend, ".pulumi", "locks", "organization", project, stack);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => join(dir, name));
}

/**
 * Removes the empty `.attrs` files a kill can leave in a file backend, and returns them. The
 * backend's blob library (gocloud.dev fileblob) writes a blob to a temp file and renames it into
 * place, but writes its `<blob>.attrs` sidecar in place first (create, then write): a SIGKILL
 * between the two leaves it empty. An empty `stacks/<project>/<stack>.json.attrs` makes every
 * later command on the stack (`pulumi cancel` and `pulumi up` included) fail with
 * `failed to load checkpoint: EOF`; an empty `<stack>.json.bak.attrs` is harmless. The blob
 * itself is intact, and reads fine without its sidecar.
 */
export function removeEmptyAttrs(backend: string): string[] {
  const dir = join(backend, ".pulumi");
  if (!existsSync(dir)) return [];
  const empty = (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith(".attrs"))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).size === 0);
  for (const file of empty) rmSync(file);
  return empty;
}

/**
 * Gets a stack usable after its run was killed: empty `.attrs` files removed (see
 * removeEmptyAttrs), then `pulumi cancel` if and only if the backend holds a lock. Returns both.
 */
export async function releaseAfterKill(backend: string, project: string, stack: Stack) {
  const emptyAttrs = removeEmptyAttrs(backend);
  const locked = backendLocks(backend, project, stack.name).length > 0;
  if (locked) await stack.cancel();
  return { emptyAttrs, locked };
}

/** The checkpoint of a file-backend stack as last written, or undefined while it is being written. */
export function backendCheckpoint(
  backend: string,
  project: string,
  stack: string,
): { resources: { urn: string; type: string }[]; pendingOperations: unknown[] } | undefined {
  const file = join(backend, ".pulumi", "stacks", project, `${stack}.json`);
  try {
    const deployment = JSON.parse(readFileSync(file, "utf8")).checkpoint?.latest ?? {};
    return {
      resources: deployment.resources ?? [],
      pendingOperations: deployment.pending_operations ?? [],
    };
  } catch {
    return undefined;
  }
}

/** The error answers in a log, as `Action:Code` with counts, e.g. `{ "JoinSecurityGroup:Throttling.User": 2 }`. */
export function errorAnswers(log: RequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of log.filter((e) => e.status !== 200)) {
    const key = `${entry.action}:${entry.code ?? entry.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** How many log entries of each action, e.g. `{ TagResources: 3, JoinSecurityGroup: 2 }`. */
export function countByAction(log: RequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of log) counts[entry.action] = (counts[entry.action] ?? 0) + 1;
  return counts;
}
