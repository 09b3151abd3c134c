/**
 * The native provider: `@pulumi/pulumi/provider`'s `Provider` over the same runtime as the
 * dynamic one (`createRuntime`: the same check, diff, operations, error table, retries,
 * ownership records and messages). What differs is only how a request maps onto it:
 *
 * | native request | runtime call |
 * | --- | --- |
 * | Configure (provider config) | `configure`, the runtime reading `alicloud-sg-membership:<key>` (`config.ts`) |
 * | CheckConfig(news) | `checkConfig`: a bad region, endpoint or key pair fails by its key, at preview |
 * | DiffConfig(olds, news) | the keys that changed; never a replacement (a membership's ID holds its region) |
 * | Check(urn, olds, news) | `check(olds, news)`; `owner` is not an input here |
 * | Diff(id, urn, olds, news) | `diff(id, olds, news + owner)`: the owner is the request's URN |
 * | Create(urn, inputs, timeout) | `create(inputs + owner)` |
 * | Read(id, urn, props, timeout) | `read(id, props)`; an import (no props) reads as `adopted` and answers the inputs too |
 * | Update(id, urn, olds, news, timeout) | `update(id, olds, news + owner)` |
 * | Delete(id, urn, props, timeout) | `delete(id, props)` |
 *
 * A request's `timeout` (the resource option `customTimeouts`, in seconds) is the operation's
 * time limit in place of `timeouts.<key>` (update's is `timeouts.create`, as the runtime's
 * update uses); messages and status lines name it `customTimeouts.<operation>`. Secrets are unwrapped on the way in and the
 * answers marked (`secrets.ts`). The runtime reads config, and names its keys, in this
 * provider's namespace (`config.ts`).
 */

import type * as pulumi from "@pulumi/pulumi";
import {
  CONFIG_KEYS,
  providerConfig,
  runtimeConfigGet,
  withRegionNote,
  type ConfigureArgs,
} from "./config";
import type { EngineLog } from "./engine-log";
import { MEMBERSHIP_TOKEN } from "./schema";
import { currentRequest } from "./sdk-fixes";
import { markSecrets, unwrapSecrets, type Unwrapped } from "./secrets";
import { secretIdWarning, type IdPart } from "../schema/secret-ids";
import type { Runtime } from "../runtime/runtime";
import { IDENTITY_KEYS } from "../schema/diff";
import type { Timeout } from "../schema/durations";

type Props = Record<string, unknown>;
type Operation = "create" | "read" | "update" | "delete";

/** The request's `customTimeouts` for `operation`, if it has one. */
function requestTimeout(operation: Operation): Timeout | undefined {
  const seconds = currentRequest()?.timeout ?? 0;
  return seconds > 0
    ? { ms: Math.round(seconds * 1000), name: `customTimeouts.${operation}` }
    : undefined;
}

/** Runs a runtime call; its error's message (and a partial create's state) as this provider words them. */
async function answering<T>(
  work: () => Promise<T>,
  finishOutputs: (outs: Props) => Props = (outs) => outs,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error) {
      error.message = withRegionNote(error.message);
      const partial = error as Error & { properties?: Props };
      if (partial.properties) partial.properties = finishOutputs(partial.properties);
    }
    throw error;
  }
}

/** The resource's name in its URN (`urn:pulumi:<stack>::<project>::<parents$type>::<name>`). */
const nameOf = (urn: string) => urn.split("::").slice(3).join("::");
/** The resource's type in its URN. */
const typeOf = (urn: string) => (urn.split("::")[2] ?? "").split("$").pop();

/** Inputs that stand for an imported membership: its identity, as its outputs name it. */
const importedInputs = (outs: Props): Props =>
  Object.fromEntries(
    IDENTITY_KEYS.filter((key) => outs[key] !== null && outs[key] !== undefined).map((key) => [
      key,
      outs[key],
    ]),
  );

export interface NativeProvider extends pulumi.provider.Provider {
  configure(req: ConfigureArgs): Promise<void>;
  /** The provider inputs' failures, by key. */
  checkConfig(news: Props): { property: string; reason: string }[];
  /** The provider inputs' keys whose values changed. */
  diffConfig(olds: Props, news: Props): string[];
}

/** The native provider over `runtime`, at `version`, with `schema` (JSON) and the engine's log. */
export function nativeProvider(
  runtime: Runtime,
  { version, schema, log }: { version: string; schema: string; log: Pick<EngineLog, "warn"> },
): NativeProvider {
  /** Outputs as answered: `timeouts` as the program gave it, secrets marked. */
  const outputsFor =
    (given: Unwrapped) =>
    (outs: Props): Props =>
      markSecrets({ ...outs, timeouts: given.plain.timeouts ?? null }, given);

  return {
    version,
    schema,

    async configure(req) {
      await runtime.configure({ config: { get: runtimeConfigGet(providerConfig(req)) } });
    },

    checkConfig(news) {
      const get = runtimeConfigGet(providerConfig({ args: news }));
      return runtime
        .checkConfig({ config: { get } })
        .map(({ key, reason }) => ({ property: key, reason }));
    },

    diffConfig(olds, news) {
      const [before, after] = [olds, news].map((args) => providerConfig({ args }));
      return CONFIG_KEYS.filter(
        (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
      );
    },

    async check(urn, olds, news) {
      if (typeOf(urn) !== MEMBERSHIP_TOKEN) throw new Error(`unknown resource type ${typeOf(urn)}`);
      const given = unwrapSecrets(news);
      const { owner, ...declared } = given.plain;
      const result = await answering(() => runtime.check(unwrapSecrets(olds).plain, declared));
      const failures = (result.failures ?? []).map((f) => ({
        property: f.property,
        reason: withRegionNote(f.reason),
      }));
      if (owner !== undefined) {
        failures.push({
          property: "owner",
          reason:
            "owner is not an input of the native provider: it is the resource's URN, set by the provider",
        });
      }
      const secretIdParts = IDENTITY_KEYS.filter((key) => given.secretKeys.has(key));
      if (secretIdParts.length > 0) {
        log.warn(secretIdWarning(nameOf(urn), secretIdParts as IdPart[]), urn);
      }
      return { inputs: markSecrets(result.inputs, given), failures };
    },

    async diff(id, urn, olds, news) {
      const plainNews = { ...unwrapSecrets(news).plain, owner: urn };
      return runtime.diff(id, unwrapSecrets(olds).plain, plainNews);
    },

    async create(urn, inputs) {
      const given = unwrapSecrets(inputs);
      const props = { ...given.plain, owner: urn };
      const finish = outputsFor(given);
      const { id, outs } = await answering(
        () => runtime.create(props, requestTimeout("create")),
        finish,
      );
      return { id, outs: finish(outs as unknown as Props) };
    },

    async read(id, urn, state) {
      const importing = currentRequest()?.importing === true;
      const given = unwrapSecrets(importing ? { adopted: true } : state);
      const finish = outputsFor(given);
      const seen = await answering(
        () => runtime.read(id, given.plain, requestTimeout("read")),
        finish,
      );
      if (!seen.id) return { id: "", props: {} };
      const outs = finish(seen.props as Props);
      if (!importing) return { id, props: outs };
      // An import must answer the inputs too (the engine fails it otherwise): the identity, as
      // check completes it (the defaults too, so a program declaring it shows no change of them).
      const { inputs } = await runtime.check({}, importedInputs(outs));
      return { id: seen.id, props: outs, inputs };
    },

    async update(id, urn, olds, news) {
      const given = unwrapSecrets(news);
      const props = { ...given.plain, owner: urn };
      const finish = outputsFor(given);
      const { outs } = await answering(
        () => runtime.update(id, unwrapSecrets(olds).plain, props, requestTimeout("update")),
        finish,
      );
      return { outs: finish(outs as unknown as Props) };
    },

    async delete(id, _urn, state) {
      const props = unwrapSecrets(state).plain;
      await answering(() => runtime.delete(id, props, requestTimeout("delete")));
    },
  };
}
