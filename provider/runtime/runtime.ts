/**
 * The provider's runtime in the plugin process: what the serialized shim calls. `createRuntime`
 * builds one from a clock and an environment; it holds the stack config handed over by
 * `configure` (in memory only), caches SDK clients per (endpoint, region, credential identity),
 * and puts one rate limiter per (endpoint, action), one write coordinator and one batched
 * reader per client in front of the operations. Nothing here is ever captured into state.
 */

import { createHash } from "node:crypto";
import { TargetReader } from "../concurrency/target-reader";
import { TargetCoordinator } from "../concurrency/coordination";
import { createSdkClient, SdkEcsApi } from "../ecs/ecs-api";
import { EndpointHealth, withRateLimits } from "../resilience/limited-api";
import { RecordPolicy } from "../operations/record-writes";
import type { Notify } from "../resilience/retry-context";
import {
  createMembership,
  deleteMembership,
  readMembership,
  updateMembership,
  type OperationDeps,
} from "../operations/operations";
import { diffMembership } from "../schema/diff";
import { checkInputs } from "../schema/validation";
import { checkForEngine } from "../schema/engine-failures";
import { systemClock, type Clock } from "../resilience/clock";
import { RateLimiterRegistry } from "../resilience/rate-limiter";
import { parseMembershipId } from "../schema/membership-id";
import type { CheckedInputs } from "../schema/model";
import type { Timeout } from "../schema/durations";
import {
  ALICLOUD_NAMESPACE,
  configProblems,
  fallbackRegion,
  inNamespace,
  readStackConfig,
  resolveCredentials,
  resolveEndpoint,
  type StackConfig,
} from "./config";
import { readEnv, secretsIn, type Env } from "./env";

type Props = Record<string, unknown>;
type Clients = Omit<OperationDeps, "coordinator" | "clock" | "notify">;

/** Notices go to the plugin's stderr, which `pulumi` shows among the run's messages. */
const stderrNotify: Notify = (message) => process.stderr.write(`sg-membership: ${message}\n`);

const fingerprint = (...parts: (string | undefined)[]) =>
  createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 16);

/**
 * A runtime over `clock` and `env`. `env` is read (and checked) by `readEnv` in `check`, so a bad
 * value fails `pulumi preview`, and again for each operation, before any API call. Stack config
 * is read in `configNamespace` (`alicloud:<key>` unless told), and everything it says (errors,
 * check failures, notices) names the keys so.
 */
export function createRuntime({
  clock,
  env,
  notify: notifyOut = stderrNotify,
  configNamespace = ALICLOUD_NAMESPACE,
}: {
  clock: Clock;
  env: Env;
  notify?: Notify;
  configNamespace?: string;
}) {
  let stackConfig: StackConfig = {};
  let retiredSwitchNoticed = false;
  const coordinator = new TargetCoordinator();
  const limiters = new RateLimiterRegistry({ clock });
  const clients = new Map<string, Clients>();
  /** Whether each endpoint has answered, shared by its clients (regions, credentials). */
  const healthOf = new Map<string, EndpointHealth>();

  /** `text` as said: config keys in this runtime's namespace, any secret value in it replaced (a bad env value's too). */
  function words(text: string): string {
    const secrets = [stackConfig.secretKey, stackConfig.securityToken, ...secretsIn(env)].filter(
      (s): s is string => typeof s === "string" && s.length >= 6,
    );
    return secrets.reduce(
      (t, secret) => t.split(secret).join("***"),
      inNamespace(text, configNamespace),
    );
  }
  const notify: Notify = (message) => notifyOut(words(message));

  /** Operation dependencies for a region, from the current config and env. */
  function depsFor(regionId: string): OperationDeps {
    const settings = readEnv(env);
    const endpoint = resolveEndpoint(stackConfig, settings.endpointUrl);
    const credentials = resolveCredentials(stackConfig);
    const timeouts = settings.sdkTimeouts;
    const endpointKey = endpoint
      ? `${endpoint.protocol}://${endpoint.host}`
      : `regional:${regionId}`;
    const identity =
      credentials.kind === "static"
        ? `static:${fingerprint(credentials.accessKeyId, credentials.accessKeySecret, credentials.securityToken)}`
        : "default-chain";
    const key = [
      endpointKey,
      regionId,
      identity,
      timeouts.readTimeout,
      timeouts.connectTimeout,
      settings.logEcsCalls,
    ].join("|");
    if (settings.retiredAdoptSwitch && !retiredSwitchNoticed) {
      retiredSwitchNoticed = true;
      notify(
        "env SG_MEMBERSHIP_ADOPT_EXISTING is no longer read: an interrupted `pulumi up` now " +
          "recovers on the next plain run. To take over a membership made outside this stack, " +
          "set adoptExisting: true on that resource.",
      );
    }
    let entry = clients.get(key);
    if (!entry) {
      const callLog = settings.logEcsCalls ? notify : undefined;
      const sdk = createSdkClient({ regionId, endpoint, credentials, ...timeouts }, callLog);
      const raw = new SdkEcsApi(sdk);
      const health = healthOf.get(endpointKey) ?? new EndpointHealth();
      healthOf.set(endpointKey, health);
      const api = withRateLimits(raw, (action) => limiters.get(`${endpointKey}|${action}`), health);
      const records = new RecordPolicy(settings.ownershipRecords);
      entry = { api, reader: new TargetReader(api), health, records };
      clients.set(key, entry);
    }
    return { ...entry, coordinator, clock, notify };
  }

  const depsForId = (id: string) => depsFor(parseMembershipId(id).target.regionId);

  /** An error's message (and a partial create's reasons) as said. */
  function scrubbed<T>(work: () => Promise<T>): Promise<T> {
    return Promise.resolve()
      .then(work)
      .catch((error: unknown) => {
        if (error instanceof Error) {
          error.message = words(error.message);
          const partial = error as Error & { reasons?: unknown };
          if (Array.isArray(partial.reasons))
            partial.reasons = partial.reasons.map((r) => (typeof r === "string" ? words(r) : r));
        }
        throw error;
      });
  }

  const checkContext = () => ({ regionFallback: fallbackRegion(stackConfig, readEnv(env).region) });

  /** Inputs as `check` would leave them; throws if they are not valid. */
  function checked(news: Props): CheckedInputs {
    const { inputs, failures } = checkInputs(news, checkContext());
    if (failures.length > 0) {
      throw new Error(
        `Invalid SecurityGroupMembership inputs: ${failures.map((f) => f.reason).join("; ")}`,
      );
    }
    return inputs as unknown as CheckedInputs;
  }

  return {
    async configure(req: { config: { get(key: string): unknown } }): Promise<void> {
      stackConfig = readStackConfig((key) => req.config.get(key), configNamespace);
    },
    /** What is wrong with a config, by key (`configure` takes it as it is). */
    checkConfig(req: { config: { get(key: string): unknown } }) {
      const config = readStackConfig((key) => req.config.get(key), configNamespace);
      return configProblems(config).map(({ key, reason }) => ({ key, reason: words(reason) }));
    },
    check(_olds: Props, news: Props) {
      return scrubbed(async () => {
        const result = checkForEngine(news, checkContext());
        const failures = result.failures?.map((f) => ({ ...f, reason: words(f.reason) }));
        return { ...result, ...(failures ? { failures } : {}) };
      });
    },
    async diff(_id: string, olds: Props, news: Props) {
      return diffMembership(olds, news);
    },
    create(inputs: Props, timeout?: Timeout) {
      return scrubbed(async () => {
        const news = checked(inputs);
        return createMembership(news, { ...depsFor(news.regionId), timeout });
      });
    },
    read(id: string, props: Props = {}, timeout?: Timeout) {
      return scrubbed(() => readMembership(id, props, { ...depsForId(id), timeout }));
    },
    update(_id: string, olds: Props, news: Props, timeout?: Timeout) {
      return scrubbed(async () => {
        const inputs = checked(news);
        return updateMembership(olds, inputs, { ...depsFor(inputs.regionId), timeout });
      });
    },
    delete(id: string, props: Props = {}, timeout?: Timeout) {
      return scrubbed(() => deleteMembership(id, props, { ...depsForId(id), timeout }));
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;

/**
 * The plugin process's runtime, which the serialized shim calls (through `__rt`). Internal: its
 * shape may change in any release.
 * @internal
 */
export const runtime: Runtime = createRuntime({ clock: systemClock, env: process.env });
