/**
 * Secrets at the native provider's edge. The provider answers Configure with `acceptSecrets:
 * true` (as the SDK's server always did), so the engine sends secret values wrapped
 * (`{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value}`) in every
 * request and keeps secret in state only what the answers mark secret: for a provider that
 * accepts secrets it annotates nothing back (provider_plugin.go, `annotateSecrets` only when
 * `!acceptSecrets`). The operations core works on plain values, so each request is unwrapped
 * here, and each answer is wrapped again:
 *
 * - a property whose input was (or held) a secret stays secret, as the engine does for
 *   providers that do not accept secrets;
 * - so does any property whose value holds a secret input's string: `targetSecurityGroupIds`
 *   lists a secret `securityGroupId`, `targetId` is a secret `instanceId`. The dynamic resource
 *   gets the same with `additionalSecretOutputs` (resource/secret-inputs.ts; the warning is schema/secret-ids.ts).
 */

import { isRpcSecret, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN } from "../schema/model";

type Props = Record<string, unknown>;

/** A request's properties with their secrets taken out, and what was secret. */
export interface Unwrapped {
  plain: Props;
  /** Top-level properties that were, or held, a secret. */
  secretKeys: ReadonlySet<string>;
  /** Every secret string value (unknowns excluded). */
  secretValues: ReadonlySet<string>;
}

function unwrapValue(value: unknown, found: (secret: unknown) => void): unknown {
  if (isRpcSecret(value)) {
    const inner = unwrapValue((value as { value: unknown }).value, found);
    found(inner);
    return inner;
  }
  if (Array.isArray(value)) return value.map((v) => unwrapValue(v, found));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, unwrapValue(v, found)] as const),
    );
  }
  return value;
}

function stringsIn(value: unknown, into: Set<string>): void {
  if (typeof value === "string" && value !== UNKNOWN) into.add(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, into));
  else if (value !== null && typeof value === "object")
    Object.values(value).forEach((v) => stringsIn(v, into));
}

/** `props` (as the SDK's server decodes a request) with every secret unwrapped. */
export function unwrapSecrets(props: Props | undefined): Unwrapped {
  const plain: Props = {};
  const secretKeys = new Set<string>();
  const secretValues = new Set<string>();
  for (const [key, value] of Object.entries(props ?? {})) {
    plain[key] = unwrapValue(value, (secret) => {
      secretKeys.add(key);
      stringsIn(secret, secretValues);
    });
  }
  return { plain, secretKeys, secretValues };
}

function holdsAny(value: unknown, strings: ReadonlySet<string>): boolean {
  if (strings.size === 0) return false;
  const found = new Set<string>();
  stringsIn(value, found);
  return [...found].some((s) => strings.has(s));
}

const wrapped = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/**
 * An answer's properties, JSON-clean (no `undefined`, which the SDK's server cannot encode),
 * with the properties that come from `secrets` wrapped as secrets.
 */
export function markSecrets(outs: Props, secrets: Unwrapped): Props {
  const result: Props = {};
  for (const [key, value] of Object.entries(outs)) {
    if (value === undefined) continue;
    const clean = JSON.parse(JSON.stringify(value)) as unknown;
    const secret = secrets.secretKeys.has(key) || holdsAny(clean, secrets.secretValues);
    result[key] = secret ? wrapped(clean) : clean;
  }
  return result;
}
