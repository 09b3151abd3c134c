/**
 * Where region, endpoint, credentials and SDK timeouts come from (DESIGN, "Package and names").
 *
 * | setting | source, first found wins |
 * | --- | --- |
 * | region | input `regionId`, stack config `alicloud:region`, env `ALIBABA_CLOUD_REGION_ID`, env `ALICLOUD_REGION` |
 * | endpoint | stack config `alicloud:endpoints` (the entry with an `ecs` key), env `ALIBABA_CLOUD_ECS_ENDPOINT`, else the SDK's regional endpoint |
 * | credentials | stack config `alicloud:accessKey` + `alicloud:secretKey` (+ `alicloud:securityToken`), else the `@alicloud/credentials` default chain |
 * | SDK read / connect timeout | env `SG_MEMBERSHIP_READ_TIMEOUT_MS` / `SG_MEMBERSHIP_CONNECT_TIMEOUT_MS`, else 10000 / 5000 ms |
 *
 * The env's part is read by `env.ts`; this file combines it with stack config. The keys are
 * read in `@pulumi/alicloud`'s namespace (`alicloud:<key>`) by the dynamic provider, and in its
 * own (`alicloud-sg-membership:<key>`) by the native one; messages are written with the
 * `alicloud:` names, and `inNamespace` words them for the other.
 */

import type { CredentialSetting, EndpointSetting } from "../ecs/connection";
import type { RegionSetting } from "../schema/model";
import { regionProblem } from "../schema/validation";

/** The stack config keys the provider reads, held in memory only (never in state). */
export interface StackConfig {
  region?: string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  /** Raw `alicloud:endpoints`: a JSON string or an already-parsed array. */
  endpoints?: unknown;
}

/** The stack config keys the provider reads, each as `<namespace>:<key>`. */
export const CONFIG_KEYS = [
  "region",
  "accessKey",
  "secretKey",
  "securityToken",
  "endpoints",
] as const;

/** The dynamic provider's config namespace, `@pulumi/alicloud`'s. */
export const ALICLOUD_NAMESPACE = "alicloud";

/** Read the keys the provider uses in `namespace` through a `config.get` function (from `configure`). */
export function readStackConfig(
  get: (key: string) => unknown,
  namespace = ALICLOUD_NAMESPACE,
): StackConfig {
  const text = (key: string): string | undefined => {
    const value = get(`${namespace}:${key}`);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return {
    region: text("region"),
    accessKey: text("accessKey"),
    secretKey: text("secretKey"),
    securityToken: text("securityToken"),
    endpoints: get(`${namespace}:endpoints`) ?? undefined,
  };
}

const KEYS_IN_MESSAGES = new RegExp(`\\b${ALICLOUD_NAMESPACE}:(${CONFIG_KEYS.join("|")})\\b`, "g");

/** A message written with the `alicloud:<key>` names, naming the keys of `namespace` instead. */
export const inNamespace = (text: string, namespace: string): string =>
  namespace === ALICLOUD_NAMESPACE ? text : text.replace(KEYS_IN_MESSAGES, `${namespace}:$1`);

/**
 * What is wrong with the config, by key, before any API call: a malformed region, an endpoint
 * that is not JSON or not allowed, a key without its secret (the messages operations would fail
 * with, found at `pulumi preview` instead).
 */
export function configProblems(config: StackConfig): { key: string; reason: string }[] {
  const problems: { key: string; reason: string }[] = [];
  const region = config.region && regionProblem(config.region, `${ALICLOUD_NAMESPACE}:region`);
  if (region) problems.push({ key: "region", reason: region });
  const attempt = (key: string, check: () => unknown) => {
    try {
      check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push({ key, reason: error.message });
    }
  };
  attempt("endpoints", () => resolveEndpoint(config, undefined));
  attempt(config.accessKey ? "secretKey" : "accessKey", () => resolveCredentials(config));
  return problems;
}

/** The fallback region when the input has none: stack config, then the env's. */
export function fallbackRegion(
  config: StackConfig,
  fromEnv: RegionSetting | undefined,
): RegionSetting | undefined {
  if (config.region) return { regionId: config.region, source: "stack config alicloud:region" };
  return fromEnv;
}

/** A configuration problem, reported before any request is made. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** Parse an endpoint value (`http://127.0.0.1:8080`, `https://ecs.aliyuncs.com`, or a bare host). */
export function parseEndpoint(value: string, source: string): EndpointSetting {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(`Invalid ECS endpoint ${JSON.stringify(value)} from ${source}.`);
  }
  const protocol = url.protocol.replace(/:$/, "");
  if (protocol !== "http" && protocol !== "https") {
    throw new ConfigError(
      `Invalid ECS endpoint ${JSON.stringify(value)} from ${source}: use http:// or https://.`,
    );
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.username) {
    throw new ConfigError(
      `Invalid ECS endpoint ${JSON.stringify(value)} from ${source}: give scheme, host and port only.`,
    );
  }
  if (protocol === "http" && !LOOPBACK.test(url.hostname)) {
    throw new ConfigError(
      `Refusing plain HTTP to ${url.host} (ECS endpoint from ${source}): signed requests go over ` +
        `plain HTTP only to loopback (127.0.0.0/8, localhost, ::1). Use https:// for any other host.`,
    );
  }
  return { host: url.host, protocol, source };
}

/** The ECS endpoint override, if any: stack config first, then the env's URL. */
export function resolveEndpoint(
  config: StackConfig,
  envUrl: string | undefined,
): EndpointSetting | undefined {
  const fromConfig = ecsEntry(config.endpoints);
  if (fromConfig) return parseEndpoint(fromConfig, "stack config alicloud:endpoints (ecs)");
  return envUrl ? parseEndpoint(envUrl, "env ALIBABA_CLOUD_ECS_ENDPOINT") : undefined;
}

function ecsEntry(raw: unknown): string | undefined {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw new ConfigError(
        'Stack config alicloud:endpoints is not JSON: expected e.g. [{"ecs": "https://ecs.example.com"}].',
      );
    }
  }
  const entries = Array.isArray(value) ? value : value ? [value] : [];
  for (const entry of entries) {
    const ecs = (entry as Record<string, unknown> | null)?.ecs;
    if (typeof ecs === "string" && ecs !== "") return ecs;
  }
  return undefined;
}

/** Credentials from stack config when both key and secret are set, else the default chain. */
export function resolveCredentials(config: StackConfig): CredentialSetting {
  const { accessKey, secretKey, securityToken } = config;
  if (accessKey && secretKey) {
    return { kind: "static", accessKeyId: accessKey, accessKeySecret: secretKey, securityToken };
  }
  if (accessKey || secretKey) {
    throw new ConfigError(
      `Stack config ${accessKey ? "alicloud:accessKey" : "alicloud:secretKey"} is set but ` +
        `${accessKey ? "alicloud:secretKey" : "alicloud:accessKey"} is not: set both, or neither to use ` +
        "the default credential chain (env ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, profiles, RAM role).",
    );
  }
  return { kind: "default-chain" };
}
