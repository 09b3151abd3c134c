/**
 * What every figure shares: the real Pulumi CLI through the Automation API with a file backend
 * in a temp dir, the benchmark programs (bench/programs) copied to temp dirs, worlds of many
 * instances and ENIs for the emulator, timing, medians and the machine description.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, release, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
  type World,
} from "../emulator";
import { installPackageInto } from "./installed-package";

/** The repository root, from bench/ (ts) or dist/bench/ (js). */
export const ROOT = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bench", "programs")))
      return dir;
  }
  throw new Error(`bench: no repository root above ${__dirname}`);
})();

/** The engine's default `--parallel` (4 x cores) as the CLI prints it in `pulumi up --help`. */
export const DEFAULT_PARALLEL = 4 * cpus().length;

export const REGION = "cn-hangzhou";
const VPC = "vpc-bp1bench0000000000001";
const VSWITCH = "vsw-bp1bench0000000000001";
const ZONE = "cn-hangzhou-h";
const T0 = "2026-01-01T00:00:00Z";
/** Every target starts in this group, so it never leaves its last group. */
export const BASE_GROUP = "sg-bp1benchbase000000001";
export const extraGroup = (n: number) => `sg-bp1benchextra${String(n).padStart(7, "0")}`;
export const instanceId = (n: number) => `i-bp1bench${String(n).padStart(14, "0")}`;
export const eniId = (n: number) => `eni-bp1bench${String(n).padStart(12, "0")}`;
const primaryEniId = (n: number) => `eni-bp1benchp${String(n).padStart(11, "0")}`;

/** What the membership program declares per entry. */
export interface MembershipSpec {
  name: string;
  securityGroupId: string;
  instanceId?: string;
  networkInterfaceId?: string;
}

/** A world of `instances` Running instances and `enis` Available ENIs, all in `BASE_GROUP`. */
export function benchWorld(instances: number, enis: number, extraGroups = 4): World {
  const group = (id: string, name: string) => ({
    securityGroupId: id,
    regionId: REGION,
    vpcId: VPC,
    securityGroupName: name,
    description: name,
    securityGroupType: "normal" as const,
    serviceManaged: false,
    creationTime: T0,
  });
  const eni = (id: string, n: number, instance?: string) => ({
    networkInterfaceId: id,
    networkInterfaceName: "",
    regionId: REGION,
    zoneId: ZONE,
    vpcId: VPC,
    vSwitchId: VSWITCH,
    type: instance ? ("Primary" as const) : ("Secondary" as const),
    status: instance ? ("InUse" as const) : ("Available" as const),
    ...(instance ? { instanceId: instance } : {}),
    securityGroupIds: [BASE_GROUP],
    serviceManaged: false,
    privateIpAddress: ip(n),
    macAddress: `00:16:3e:${hex(n >> 16)}:${hex(n >> 8)}:${hex(n)}`,
    creationTime: T0,
  });
  const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const hex = (n: number) => (n & 255).toString(16).padStart(2, "0");
  const world: World = {
    regions: [REGION],
    vpcs: [{ vpcId: VPC, regionId: REGION, vSwitches: [{ vSwitchId: VSWITCH, zoneId: ZONE }] }],
    securityGroups: [
      group(BASE_GROUP, "bench-base"),
      ...Array.from({ length: extraGroups }, (_, g) => group(extraGroup(g), `bench-${g}`)),
    ],
    instances: [],
    networkInterfaces: [],
  };
  for (let n = 0; n < instances; n++) {
    const id = instanceId(n);
    world.instances.push({
      instanceId: id,
      instanceName: `bench-${n}`,
      regionId: REGION,
      zoneId: ZONE,
      vpcId: VPC,
      vSwitchId: VSWITCH,
      instanceType: "ecs.g7.large",
      status: "Running",
      lockReasons: [],
      supportsEnterpriseGroups: true,
      primaryNetworkInterfaceId: primaryEniId(n),
      privateIpAddress: ip(n),
      creationTime: T0,
    });
    world.networkInterfaces.push(eni(primaryEniId(n), n, id));
  }
  for (let n = 0; n < enis; n++) world.networkInterfaces.push(eni(eniId(n), (1 << 20) | n));
  return world;
}

/**
 * `count` memberships spread over the targets: membership k joins target k mod T to extra
 * group floor(k / T), so consecutive declarations touch different targets. Instances first.
 */
export function spreadMemberships(count: number, instances: number, enis = 0): MembershipSpec[] {
  const targets = instances + enis;
  if (count > targets * 4) throw new Error(`bench: ${count} memberships need more targets`);
  return Array.from({ length: count }, (_, k) => {
    const t = k % targets;
    const g = Math.floor(k / targets);
    const target =
      t < instances ? { instanceId: instanceId(t) } : { networkInterfaceId: eniId(t - instances) };
    return { name: `m${k}`, securityGroupId: extraGroup(g), ...target };
  });
}

/** `perTarget` memberships for each of `instances` instances, declared instance by instance. */
export function membershipsPerInstance(instances: number, perTarget: number): MembershipSpec[] {
  const specs: MembershipSpec[] = [];
  for (let i = 0; i < instances; i++) {
    for (let g = 0; g < perTarget; g++) {
      specs.push({
        name: `i${i}-g${g}`,
        securityGroupId: extraGroup(g),
        instanceId: instanceId(i),
      });
    }
  }
  return specs;
}

let cli: PulumiCommand | undefined;

/** The primary combination's CLI (the newest of tools/support-matrix.json), cached on this machine. */
export async function pulumiCli(): Promise<PulumiCommand> {
  if (!cli) {
    const matrix = JSON.parse(readFileSync(join(ROOT, "tools", "support-matrix.json"), "utf8"));
    const script = join(ROOT, "scripts", "ensure-pulumi-cli.sh");
    const dir = execFileSync("bash", [script, matrix.cli.newest as string], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
    cli = await PulumiCommand.get({ root: dirname(dir), skipVersionCheck: false });
  }
  return cli;
}

export type ProgramKind = "memberships" | "noop";
/**
 * How the program gets this package: `installed` as from the registry (a real directory under
 * node_modules, what users have), or `linked` to the repository (as with `npm link`, `file:` or
 * workspaces), where Pulumi serializes the shim by value.
 */
export type PackageLayout = "installed" | "linked";

/** Temp dirs made by this process, removed by `cleanup()`. */
const tempDirs: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sg-bench-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}
export function cleanup(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const programs = new Map<string, string>();
/** A private copy of a benchmark program with this package in the given layout. */
function programDir(kind: ProgramKind, layout: PackageLayout): string {
  let dir = programs.get(`${kind}/${layout}`);
  if (!dir) {
    dir = tempDir(`program-${kind}-${layout}`);
    cpSync(join(ROOT, "bench", "programs", kind), dir, { recursive: true });
    if (layout === "installed") installPackageInto(ROOT, dir);
    else symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    programs.set(`${kind}/${layout}`, dir);
  }
  return dir;
}

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
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ALIBABA_CLOUD_ECS_ENDPOINT: this.emulator.url,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
      ALIBABA_CLOUD_REGION_ID: REGION,
      ALIBABA_CLOUD_ACCESS_KEY_ID: "ecs-emulator",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "ecs-emulator-secret",
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

/** The outcome of one CLI command. */
export interface CommandRun {
  seconds: number;
  ok: boolean;
  /** The end of the CLI's output when the command failed. */
  error?: string;
}

/** Runs one of the stack's commands, timing it; a failure is returned, not thrown. */
export async function timedCommand(
  stack: Stack,
  command: "up" | "destroy" | "refresh",
  parallel = DEFAULT_PARALLEL,
): Promise<CommandRun> {
  const out: string[] = [];
  const opts = { parallel, color: "never" as const, onOutput: (s: string) => out.push(s) };
  const started = performance.now();
  try {
    if (command === "up") await stack.up(opts);
    else if (command === "destroy") await stack.destroy(opts);
    else await stack.refresh(opts);
    return { seconds: (performance.now() - started) / 1000, ok: true };
  } catch (e) {
    const text = `${out.join("")}\n${(e as Error).message}`;
    return { seconds: (performance.now() - started) / 1000, ok: false, error: text.slice(-3000) };
  }
}

/** Resources of a type in the stack's state. */
export async function resourcesOfType(stack: Stack, suffix: string) {
  const state = await stack.exportStack();
  const resources = (state.deployment?.resources ?? []) as Array<{
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }>;
  return { state, resources: resources.filter((r) => r.type.endsWith(suffix)) };
}

export const MEMBERSHIP_TYPE = "ecs:SecurityGroupMembership";

/**
 * Memberships the emulator shows against those declared: `missing` declared but absent,
 * `leaked` present but neither declared nor the base group.
 */
export async function membershipDrift(emulator: RunningEmulator, declared: MembershipSpec[]) {
  const world = await emulator.control.state();
  const actual = new Map<string, Set<string>>();
  for (const eni of world.networkInterfaces) {
    const key = eni.type === "Primary" && eni.instanceId ? eni.instanceId : eni.networkInterfaceId;
    actual.set(key, new Set(eni.securityGroupIds));
  }
  const wanted = new Set(
    declared.map((s) => `${s.instanceId ?? s.networkInterfaceId}|${s.securityGroupId}`),
  );
  let missing = 0;
  let leaked = 0;
  for (const key of wanted) {
    const [target, group] = key.split("|");
    if (!actual.get(target)?.has(group)) missing++;
  }
  for (const [target, groups] of actual) {
    for (const group of groups) {
      if (group !== BASE_GROUP && !wanted.has(`${target}|${group}`)) leaked++;
    }
  }
  return { missing, leaked };
}

/** CPU seconds of this process's finished children (the CLI and what it ran), from /proc. */
export function childCpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in ticks of 10 ms
  } catch {
    return NaN;
  }
}

/** One `up` then `destroy` of a stack, checked against the emulator and the state. */
export interface Cycle {
  up: CommandRun;
  destroy: CommandRun;
  /** CPU seconds of the CLI, its language host, program and plugins, per command. */
  upCpu: number;
  destroyCpu: number;
  /** Declared resources absent from the state after `up`, and left in it after `destroy`. */
  failedUp: number;
  failedDestroy: number;
  /** Memberships the emulator shows wrongly after `up` and after `destroy`. */
  missingAfterUp: number;
  leakedAfterUp: number;
  leakedAfterDestroy: number;
  /** Bytes of the exported state after `up`. */
  stateBytes: number;
  /** The exported state's resources of the declared type after `up`. */
  resources: Awaited<ReturnType<typeof resourcesOfType>>["resources"];
}

export interface CycleOptions {
  parallel?: number;
  /** Run between `up` and `destroy` (e.g. to change faults). */
  between?: () => Promise<void>;
  /** Extra stack config, e.g. the no-op program's `extraProperties`. */
  config?: Record<string, string>;
  /** How the program gets this package; `installed` unless given. */
  layout?: PackageLayout;
}

/** `up` then `destroy` of `specs` with program `kind`, timed and checked. */
export async function cycle(
  env: BenchEnv,
  kind: ProgramKind,
  specs: MembershipSpec[],
  options: CycleOptions = {},
): Promise<Cycle> {
  const stack = await env.stack(kind, specs, options.layout);
  for (const [key, value] of Object.entries(options.config ?? {}))
    await stack.setConfig(key, { value });
  const type = kind === "noop" ? "bench:Noop" : MEMBERSHIP_TYPE;
  let cpu = childCpuSeconds();
  const up = await timedCommand(stack, "up", options.parallel);
  const upCpu = childCpuSeconds() - cpu;
  const afterUp = await resourcesOfType(stack, type);
  const drift =
    kind === "memberships" ? await membershipDrift(env.emulator, specs) : { missing: 0, leaked: 0 };
  await options.between?.();
  cpu = childCpuSeconds();
  const destroy = await timedCommand(stack, "destroy", options.parallel);
  const destroyCpu = childCpuSeconds() - cpu;
  const afterDestroy = await resourcesOfType(stack, type);
  const leftover =
    kind === "memberships" ? await membershipDrift(env.emulator, []) : { missing: 0, leaked: 0 };
  await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
  return {
    up,
    destroy,
    upCpu,
    destroyCpu,
    failedUp: specs.length - afterUp.resources.length,
    failedDestroy: afterDestroy.resources.length,
    missingAfterUp: drift.missing,
    leakedAfterUp: drift.leaked,
    leakedAfterDestroy: leftover.leaked,
    stateBytes: Buffer.byteLength(JSON.stringify(afterUp.state)),
    resources: afterUp.resources,
  };
}

/** True when the cycle left nothing failed, missing or leaked. */
export const clean = (c: Cycle) =>
  c.up.ok &&
  c.destroy.ok &&
  c.failedUp === 0 &&
  c.failedDestroy === 0 &&
  c.missingAfterUp === 0 &&
  c.leakedAfterUp === 0 &&
  c.leakedAfterDestroy === 0;

/** What went wrong in a cycle, for the notes. */
export function cycleProblems(c: Cycle): string[] {
  const problems: string[] = [];
  if (!c.up.ok) problems.push(`up failed: ${c.up.error?.slice(-600)}`);
  if (!c.destroy.ok) problems.push(`destroy failed: ${c.destroy.error?.slice(-600)}`);
  const counts: [string, number][] = [
    ["resources not created", c.failedUp],
    ["resources not destroyed", c.failedDestroy],
    ["memberships missing after up", c.missingAfterUp],
    ["memberships leaked after up", c.leakedAfterUp],
    ["memberships leaked after destroy", c.leakedAfterDestroy],
  ];
  for (const [what, n] of counts) if (n > 0) problems.push(`${n} ${what}`);
  return problems;
}

/** Counts of the emulator's logged calls by action, since the log was last cleared. */
export async function callCounts(emulator: RunningEmulator): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of await emulator.control.requests()) {
    counts[entry.action] = (counts[entry.action] ?? 0) + 1;
  }
  return counts;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** The machine the figures come from. */
export function machine() {
  const cpu = cpus();
  let model = cpu[0]?.model ?? "unknown";
  if (!model || model === "unknown") {
    try {
      model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
    } catch {
      // not Linux
    }
  }
  return {
    cpuModel: model.trim(),
    cores: cpu.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${process.platform} ${release()}`,
    pulumi: cli?.version?.toString() ?? "",
    sdk: JSON.parse(readFileSync(join(ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"))
      .version as string,
  };
}

/** Progress on stderr, so stdout carries only the table. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** One line of the results table. */
export interface Row {
  figure: string;
  metric: string;
  value: string;
  target?: string;
  /** Undefined when the row has no target. */
  pass?: boolean;
}

export interface FigureResult {
  id: number;
  title: string;
  rows: Row[];
  notes: string[];
  details: Record<string, unknown>;
}

export interface BenchContext {
  quick: boolean;
  /** Repetitions of each timed command (medians are reported). */
  reps: number;
}
