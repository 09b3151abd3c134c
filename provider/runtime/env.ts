/**
 * Everything the provider reads from the environment, read and checked in this one place. A
 * value of the wrong form fails at once, naming the variable and the form it takes; nothing
 * falls back silently. (The `@alicloud/credentials` default chain reads its own variables, and
 * the resource class, in the program's process, Pulumi's own `PULUMI_DEBUG_PROMISE_LEAKS`.)
 *
 * | variable | what |
 * | --- | --- |
 * | `ALIBABA_CLOUD_REGION_ID`, then `ALICLOUD_REGION` | region, after input `regionId` and stack config `alicloud:region` |
 * | `ALIBABA_CLOUD_ECS_ENDPOINT` | endpoint URL, after stack config `alicloud:endpoints` (parsed by `resolveEndpoint` when used) |
 * | `SG_MEMBERSHIP_READ_TIMEOUT_MS`, `SG_MEMBERSHIP_CONNECT_TIMEOUT_MS` | SDK socket timeouts, ms (10000, 5000) |
 * | `SG_MEMBERSHIP_OWNERSHIP_RECORDS` | `false` to write no ownership records (tags) on targets; `true` or unset otherwise |
 * | `SG_MEMBERSHIP_LOG_ECS_CALLS` | `true` to log every ECS call (action, IDs, attempt, status, code, RequestId, duration) |
 * | `SG_MEMBERSHIP_ADOPT_EXISTING` | no longer read (interrupted runs recover by themselves): only noticed, once |
 * | `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN` | only to scrub them from error messages (`secretsIn`) |
 */
import { quoted } from "../schema/shown";
import type { RegionSetting } from "../schema/model";
import { ConfigError } from "./config";

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvSettings {
  region?: RegionSetting;
  /** The raw URL: parsed (and refused if bad) only when stack config names no endpoint. */
  endpointUrl?: string;
  sdkTimeouts: { readTimeout: number; connectTimeout: number };
  ownershipRecords: boolean;
  logEcsCalls: boolean;
  /** `SG_MEMBERSHIP_ADOPT_EXISTING` is set, to a value that no longer does anything. */
  retiredAdoptSwitch: boolean;
}

/** SDK read timeout, ms: long enough for a slow Describe of 100 targets. */
export const DEFAULT_READ_TIMEOUT_MS = 10_000;
/** SDK connect timeout, ms. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

const present = (value: string | undefined): value is string => value !== undefined && value !== "";

function milliseconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (!present(raw)) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(raw.trim())) {
    throw new ConfigError(
      `env ${name} must be a whole number of milliseconds from 1 to 999999999 (e.g. ${fallback}), ` +
        `not ${quoted(raw)}.`,
    );
  }
  return Number(raw.trim());
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (!present(raw)) return fallback;
  if (raw === "false") return false;
  if (raw === "true") return true;
  throw new ConfigError(`env ${name} must be "true" or "false" (or unset), not ${quoted(raw)}.`);
}

/** The secret values in `env`, to scrub from error messages; never throws. */
export const secretsIn = (env: Env): string[] =>
  [env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_SECURITY_TOKEN].filter(present);

/** Reads and checks the provider's variables from `env`. */
export function readEnv(env: Env): EnvSettings {
  const regionName = ["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"].find((n) => present(env[n]));
  const endpoint = env.ALIBABA_CLOUD_ECS_ENDPOINT;
  return {
    region: regionName ? { regionId: env[regionName]!, source: `env ${regionName}` } : undefined,
    endpointUrl: present(endpoint) ? endpoint : undefined,
    sdkTimeouts: {
      readTimeout: milliseconds(env, "SG_MEMBERSHIP_READ_TIMEOUT_MS", DEFAULT_READ_TIMEOUT_MS),
      connectTimeout: milliseconds(
        env,
        "SG_MEMBERSHIP_CONNECT_TIMEOUT_MS",
        DEFAULT_CONNECT_TIMEOUT_MS,
      ),
    },
    ownershipRecords: flag(env, "SG_MEMBERSHIP_OWNERSHIP_RECORDS", true),
    logEcsCalls: flag(env, "SG_MEMBERSHIP_LOG_ECS_CALLS", false),
    retiredAdoptSwitch: present(env.SG_MEMBERSHIP_ADOPT_EXISTING),
  };
}
