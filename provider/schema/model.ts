/** Plain data shapes shared by the operations: targets, checked inputs, outputs. */

import type { TimeoutKey } from "./durations";

/**
 * What Pulumi sends for a value not yet known during preview
 * (`@pulumi/pulumi/runtime/rpc.js`, `unknownValue`).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A resource URN, `urn:pulumi:<stack>::<project>::<type>::<name>`: stack, project, name. */
export const URN_PATTERN = /^urn:pulumi:([^:]+)::([^:]+)::[^]*?::([^]*)$/;

/** The kind of thing joined to the group. */
export type TargetKind = "instance" | "networkInterface";

/** An instance or ENI, with the region it lives in. */
export interface TargetRef {
  readonly kind: TargetKind;
  readonly id: string;
  readonly regionId: string;
}

/** A region with where it came from, for error messages. */
export interface RegionSetting {
  regionId: string;
  source: string;
}

/** One membership: a target and one of its security groups. */
export interface MembershipRef {
  readonly target: TargetRef;
  readonly securityGroupId: string;
}

/** The kind of target an ID names: ENI IDs start with `eni-`, instance IDs with `i-`. */
export const kindOf = (id: string): TargetKind =>
  id.startsWith("eni-") ? "networkInterface" : "instance";

/** The one key of a target, `<regionId>/<id>` (an ID never holds a `/`; its prefix names the kind). */
export const targetKey = (target: Pick<TargetRef, "regionId" | "id">): string =>
  `${target.regionId}/${target.id}`;

/** The target a `targetKey` names. */
export function targetOfKey(key: string): TargetRef {
  const at = key.indexOf("/");
  const id = key.slice(at + 1);
  return { kind: kindOf(id), id, regionId: key.slice(0, at) };
}

/** Per-operation deadlines as the user wrote them (validated duration strings). */
export type TimeoutsInput = Partial<Record<TimeoutKey, string>>;

/** Inputs after `check`: validated, region resolved, defaults applied. */
export interface CheckedInputs {
  securityGroupId: string;
  instanceId?: string;
  networkInterfaceId?: string;
  regionId: string;
  adoptExisting: boolean;
  timeouts?: TimeoutsInput;
  /** The resource's URN, set by the class: whose ownership record this resource writes. */
  owner?: string;
  __provider?: string;
}

/** The resource's outputs. JSON-clean: `null` where absent, never `undefined`. */
export interface MembershipOutputs {
  securityGroupId: string;
  instanceId: string | null;
  networkInterfaceId: string | null;
  regionId: string;
  adoptExisting: boolean;
  timeouts: TimeoutsInput | null;
  owner: string | null;
  targetKind: TargetKind;
  targetId: string;
  adopted: boolean;
  targetSecurityGroupIds: string[];
}

/** A human name for a target, e.g. `instance i-bp1abc`. */
export function describeTarget(target: Pick<TargetRef, "kind" | "id">): string {
  return `${target.kind === "instance" ? "instance" : "network interface"} ${target.id}`;
}

/** The target named by checked inputs. */
export function targetOf(inputs: CheckedInputs): TargetRef {
  return inputs.instanceId !== undefined
    ? { kind: "instance", id: inputs.instanceId, regionId: inputs.regionId }
    : { kind: "networkInterface", id: inputs.networkInterfaceId ?? "", regionId: inputs.regionId };
}

/** Outputs from checked inputs plus what was observed. */
export function buildOutputs(
  inputs: CheckedInputs,
  observed: { adopted: boolean; targetSecurityGroupIds: readonly string[] },
): MembershipOutputs {
  const target = targetOf(inputs);
  return {
    securityGroupId: inputs.securityGroupId,
    instanceId: inputs.instanceId ?? null,
    networkInterfaceId: inputs.networkInterfaceId ?? null,
    regionId: inputs.regionId,
    adoptExisting: inputs.adoptExisting,
    timeouts: inputs.timeouts ? { ...inputs.timeouts } : null,
    owner: inputs.owner ?? null,
    targetKind: target.kind,
    targetId: target.id,
    adopted: observed.adopted,
    targetSecurityGroupIds: [...observed.targetSecurityGroupIds],
  };
}
