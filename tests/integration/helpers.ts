/**
 * Shared setup for the integration tests: the provider's runtime (what the serialized shim
 * calls) against one ecs-emulator per test file, through the real SDK adapter. Assertions go
 * through the emulator's state and request log, never through mocks.
 */

import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_IDS,
  startEmulator,
  type EmulatorControl,
  type RequestLogEntry,
  type RunningEmulator,
  type World,
} from "../../emulator";
import { createRuntime, runtime, type Runtime } from "../../provider/runtime/runtime";
import { systemClock } from "../../provider/resilience/clock";

export type { Runtime };
export type Props = Record<string, unknown>;
export const ids = DEFAULT_IDS;

/** What Pulumi stores as `__provider` (the serialized shim); any string does here. */
export const SHIM = "exports.handler = __shim; // serialized provider";

/** Short deadlines so that a failing test fails fast. */
export const TIMEOUTS = { create: "20s", read: "10s", delete: "20s" };

/** Stack config as `configure` hands it over: the emulator's default key pair. */
export const STATIC_CONFIG: Record<string, string> = {
  "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
  "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
};

/** Env every test runs with; anything the host set for Alibaba Cloud is hidden. */
const BASE_ENV: Record<string, string | undefined> = {
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  ALIBABA_CLOUD_ACCESS_KEY_ID: undefined,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined,
  ALIBABA_CLOUD_SECURITY_TOKEN: undefined,
  ALIBABA_CLOUD_REGION_ID: undefined,
  ALICLOUD_REGION: undefined,
  ALIBABA_CLOUD_CREDENTIALS_URI: undefined,
  ALIBABA_CLOUD_CREDENTIALS_FILE: undefined,
  ALIBABA_CLOUD_ROLE_ARN: undefined,
  ALIBABA_CLOUD_OIDC_PROVIDER_ARN: undefined,
  ALIBABA_CLOUD_OIDC_TOKEN_FILE: undefined,
  ALIBABA_CLOUD_PROFILE: undefined,
  SG_MEMBERSHIP_READ_TIMEOUT_MS: undefined,
  SG_MEMBERSHIP_CONNECT_TIMEOUT_MS: undefined,
};

/** Set (or with `undefined`, unset) env vars; returns a function that restores them. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  return () => apply(saved);
}

/** Hand stack config to the runtime, as the plugin's `configure` does. */
export const configure = (rt: Runtime, config: Record<string, unknown>) =>
  rt.configure({ config: { get: (key: string) => config[key] } });

/**
 * A new provider runtime with nothing shared with earlier ones (clients, rate limiters, write
 * locks), as a new plugin process starts with.
 */
export async function freshRuntime(): Promise<Runtime> {
  return createRuntime({ clock: systemClock, env: process.env });
}

export interface Suite {
  emulator: RunningEmulator;
  control: EmulatorControl;
  rt: Runtime;
}

/**
 * Registers the hooks of an integration test file: one emulator for the file, the endpoint in
 * env `ALIBABA_CLOUD_ECS_ENDPOINT`, credentials by `configure`, and before each test a reset
 * emulator (world, config, faults, log) and the static config again. With `fresh`, each test
 * gets its own runtime (see `freshRuntime`).
 */
export function integrationSuite(options: { fresh?: boolean } = {}): Suite {
  const suite = { rt: runtime } as Suite;
  let restore: () => void = () => undefined;
  beforeAll(async () => {
    suite.emulator = await startEmulator();
    suite.control = suite.emulator.control;
    restore = setEnv({ ...BASE_ENV, ALIBABA_CLOUD_ECS_ENDPOINT: suite.emulator.url });
  });
  afterAll(async () => {
    restore();
    await suite.emulator?.stop();
  });
  beforeEach(async () => {
    await suite.control.reset();
    if (options.fresh) suite.rt = await freshRuntime();
    await configure(suite.rt, STATIC_CONFIG);
  });
  return suite;
}

/** Checked inputs for a membership, with short deadlines and `__provider`, as the engine sends them. */
export async function checkedInputs(rt: Runtime, args: Props): Promise<Props> {
  const { inputs, failures } = await rt.check(
    {},
    { timeouts: TIMEOUTS, ...args, __provider: SHIM },
  );
  expect(failures).toEqual([]);
  return inputs;
}

/** check + create; returns the ID and the state Pulumi stores (outputs plus `__provider`). */
export async function createMembership(rt: Runtime, args: Props) {
  const inputs = await checkedInputs(rt, args);
  const { id, outs } = await rt.create(inputs);
  return { id, inputs, outs, state: { ...outs, __provider: SHIM } as Props };
}

/** The groups of an instance (its primary ENI) or an ENI in a world. */
export function groupsIn(world: World, targetId: string): string[] | undefined {
  const eniId = targetId.startsWith("i-")
    ? world.instances.find((i) => i.instanceId === targetId)?.primaryNetworkInterfaceId
    : targetId;
  return world.networkInterfaces.find((e) => e.networkInterfaceId === eniId)?.securityGroupIds;
}

/** The emulator's current groups of a target. */
export async function groupsOf(control: EmulatorControl, targetId: string) {
  return groupsIn(await control.state(), targetId);
}

/** Sets a target's groups directly in the emulator's world. */
export async function setGroups(control: EmulatorControl, targetId: string, groups: string[]) {
  await control.updateWorld((world) => {
    const eniId = targetId.startsWith("i-")
      ? world.instances.find((i) => i.instanceId === targetId)!.primaryNetworkInterfaceId
      : targetId;
    world.networkInterfaces.find((e) => e.networkInterfaceId === eniId)!.securityGroupIds = groups;
  });
}

/** The logged requests of one action. */
export const logOf = (control: EmulatorControl, action: string): Promise<RequestLogEntry[]> =>
  control.requests({ action });

/** When the emulator received a logged request, and when it answered, ms since the epoch. */
export const startOf = (r: RequestLogEntry) => Date.parse(r.time);
export const endOf = (r: RequestLogEntry) => startOf(r) + r.durationMs;

/** `[code or "OK"]` per logged request of one action, oldest first. */
export async function outcomes(control: EmulatorControl, action: string): Promise<string[]> {
  return (await logOf(control, action)).map((r) => r.code ?? (r.status === 200 ? "OK" : "?"));
}

/** Awaits a promise that must reject; returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the operation to fail, but it succeeded");
}
