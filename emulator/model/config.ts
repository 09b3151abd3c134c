/** The limits and timings of the emulated cloud, changeable at run time through the control API. */

export interface EmulatorConfig {
  /** Groups one instance or ENI may be in. Default 5. */
  maxGroupsPerTarget: number;
  /** How long Pending, Starting, Stopping (instances) and Attaching, Detaching (ENIs) last, ms. */
  transitionMs: number;
  /** How long after a write the Describe* actions still show the old membership, ms. */
  consistencyLagMs: number;
  /** Accepted clock skew of signed requests, ms (read by the wire's signature check). Default 15 minutes. */
  maxClockSkewMs: number;
  /**
   * How long a Join or Leave keeps its target busy, ms: another Join or Leave on the same
   * instance or ENI within that time is answered with `conflictCode`. Default 0 (off).
   */
  writeConflictMs: number;
  /** The code a write conflict is answered with. Default `InvalidOperation.Conflict` (409). */
  conflictCode: string;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  maxGroupsPerTarget: 5,
  transitionMs: 2000,
  consistencyLagMs: 0,
  maxClockSkewMs: 15 * 60 * 1000,
  writeConflictMs: 0,
  conflictCode: "InvalidOperation.Conflict",
};

const NUMERIC_KEYS = [
  "maxGroupsPerTarget",
  "transitionMs",
  "consistencyLagMs",
  "maxClockSkewMs",
  "writeConflictMs",
] as const;
const CONFIG_KEYS: (keyof EmulatorConfig)[] = [...NUMERIC_KEYS, "conflictCode"];

/** The reason `patch` is not a valid partial config, or undefined if it is one. */
export function configProblem(patch: unknown): string | undefined {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    return "the body must be a JSON object";
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!CONFIG_KEYS.includes(key as keyof EmulatorConfig)) {
      return `unknown config key ${key}; known: ${CONFIG_KEYS.join(", ")}`;
    }
    if (key === "conflictCode") {
      if (typeof value !== "string" || !/^[A-Za-z][\w.]*$/.test(value)) {
        return "conflictCode must be an ECS error code such as InvalidOperation.Conflict";
      }
    } else if (typeof value !== "number" || !(value >= 0)) {
      return `${key} must be a number >= 0`;
    }
  }
  return undefined;
}
