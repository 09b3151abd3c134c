/**
 * The provider's runtime in the plugin process: what the serialized shim calls. It holds the
 * stack config handed over by `configure` (in memory only), caches SDK clients per (endpoint,
 * region, credential identity), and puts one rate limiter per (endpoint, action), one write
 * coordinator and one batched reader per client in front of the operations. Nothing here is
 * ever captured into state.
 */

import { createHash } from "node:crypto";
import { systemClock } from "../resilience/clock";
import {
  readStackConfig,
  resolveCredentials,
  resolveEndpoint,
  resolveSdkTimeouts,
  type StackConfig,
} from "./config";
import { TargetCoordinator } from "../concurrency/coordination";
import { createSdkClient, SdkEcsApi } from "../ecs/ecs-api";
import { withRateLimits } from "../ecs/limited-api";
import { parseMembershipId } from "../schema/membership-id";
import type { CheckedInputs } from "../schema/model";
import {
  checkInputs,
  createMembership,
  deleteMembership,
  diffMembership,
  readMembership,
  updateMembership,
  type OperationDeps,
} from "../operations/operations";
import { RateLimiterRegistry } from "../resilience/rate-limiter";
import { TargetReader } from "../concurrency/target-reader";

let stackConfig: StackConfig = {};
const coordinator = new TargetCoordinator();
const limiters = new RateLimiterRegistry({ clock: systemClock });
const clients = new Map<string, Omit<OperationDeps, "coordinator" | "clock">>();

const fingerprint = (...parts: (string | undefined)[]) =>
  createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 16);

/** Operation dependencies for a region, from the current config and env. */
function depsFor(regionId: string): OperationDeps {
  const env = process.env;
  const endpoint = resolveEndpoint(stackConfig, env);
  const credentials = resolveCredentials(stackConfig);
  const timeouts = resolveSdkTimeouts(env);
  const endpointKey = endpoint ? `${endpoint.protocol}://${endpoint.host}` : `regional:${regionId}`;
  const identity =
    credentials.kind === "static"
      ? `static:${fingerprint(credentials.accessKeyId, credentials.accessKeySecret, credentials.securityToken)}`
      : "default-chain";
  const key = [endpointKey, regionId, identity, timeouts.readTimeout, timeouts.connectTimeout].join(
    "|",
  );
  let entry = clients.get(key);
  if (!entry) {
    const raw = new SdkEcsApi(createSdkClient({ regionId, endpoint, credentials, ...timeouts }));
    const api = withRateLimits(raw, (action) => limiters.get(`${endpointKey}|${action}`));
    entry = { api, reader: new TargetReader(api) };
    clients.set(key, entry);
  }
  const adoptAll = env.SG_MEMBERSHIP_ADOPT_EXISTING === "true";
  return { ...entry, coordinator, clock: systemClock, adoptAll };
}

/** Replace any secret value that slipped into an error message. */
function scrubbed<T>(work: () => Promise<T>): Promise<T> {
  return Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      const secrets = [
        stackConfig.secretKey,
        stackConfig.securityToken,
        process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        process.env.ALIBABA_CLOUD_SECURITY_TOKEN,
      ].filter((s): s is string => typeof s === "string" && s.length >= 6);
      if (error instanceof Error) {
        for (const secret of secrets) error.message = error.message.split(secret).join("***");
      }
      throw error;
    });
}

/** Inputs as `check` would leave them; throws if they are not valid. */
function checked(news: Record<string, unknown>): CheckedInputs {
  const { inputs, failures } = checkInputs(news, { config: stackConfig, env: process.env });
  if (failures.length > 0) {
    throw new Error(
      `Invalid SecurityGroupMembership inputs: ${failures.map((f) => f.reason).join("; ")}`,
    );
  }
  return inputs as unknown as CheckedInputs;
}

type Props = Record<string, unknown>;

/**
 * The runtime the serialized shim calls into. Internal: its shape may change in any release.
 * @internal
 */
export const runtime = {
  async configure(req: { config: { get(key: string): unknown } }): Promise<void> {
    stackConfig = readStackConfig((key) => req.config.get(key));
  },
  async check(_olds: Props, news: Props) {
    return checkInputs(news, { config: stackConfig, env: process.env });
  },
  async diff(_id: string, olds: Props, news: Props) {
    return diffMembership(olds, news);
  },
  create(inputs: Props) {
    return scrubbed(async () => {
      const news = checked(inputs);
      return createMembership(news, depsFor(news.regionId));
    });
  },
  read(id: string, props: Props = {}) {
    return scrubbed(() =>
      readMembership(id, props, depsFor(parseMembershipId(id).target.regionId)),
    );
  },
  async update(_id: string, olds: Props, news: Props) {
    return updateMembership(olds, checked(news));
  },
  delete(id: string, props: Props = {}) {
    return scrubbed(() =>
      deleteMembership(id, props, depsFor(parseMembershipId(id).target.regionId)),
    );
  },
};
