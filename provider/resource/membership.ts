/**
 * `SecurityGroupMembership`: joins an ECS instance or ENI to an extra security group
 * (`JoinSecurityGroup`) and removes it on destroy (`LeaveSecurityGroup`).
 *
 * @example
 * new SecurityGroupMembership("web-extra-sg", {
 *   securityGroupId: "sg-bp1abc",
 *   instanceId: "i-bp1def", // or networkInterfaceId: "eni-bp1ghi"
 *   regionId: "cn-hangzhou",
 * });
 */

import * as pulumi from "@pulumi/pulumi";
import { assertArgs } from "./arguments";
import { watchSecretInputs } from "./secret-inputs";
import { secretIdWarning } from "../schema/secret-ids";
import { storedProvider } from "./stored-provider";
import { CLASS_KEYS, INPUT_KEYS, OUTPUT_ONLY_KEYS } from "../schema/validation";

/**
 * Per-operation deadlines: duration strings of `<integer><unit>` parts, units `h`, `m`, `s`,
 * `ms`, each at most once and in that order (e.g. `"5m"`, `"90s"`, `"1h"`, `"1m30s"`), from
 * `"1s"` to `"24h"`. Pulumi's `customTimeouts` never reach a dynamic provider, so the resource
 * takes its own.
 */
export interface SecurityGroupMembershipTimeouts {
  /** Join, waits and confirmation. @defaultValue "10m" */
  create?: pulumi.Input<string>;
  /** Refresh reads. @defaultValue "5m" */
  read?: pulumi.Input<string>;
  /** Leave, waits included. @defaultValue "10m" */
  delete?: pulumi.Input<string>;
}

export interface SecurityGroupMembershipArgs {
  /** The extra security group, `sg-…`. Changing it replaces the membership. */
  readonly securityGroupId: pulumi.Input<string>;
  /** The instance (its primary ENI), `i-…`. Exactly one of `instanceId` and `networkInterfaceId`. */
  readonly instanceId?: pulumi.Input<string>;
  /** A secondary ENI, `eni-…`. Exactly one of `instanceId` and `networkInterfaceId`. */
  readonly networkInterfaceId?: pulumi.Input<string>;
  /**
   * The region, e.g. `cn-hangzhou`.
   * @defaultValue stack config `alicloud:region`, else env `ALIBABA_CLOUD_REGION_ID`, else env `ALICLOUD_REGION`
   */
  readonly regionId?: pulumi.Input<string>;
  /**
   * Take over a membership that already exists instead of failing. `pulumi destroy` then removes
   * it, as declared.
   * @defaultValue false
   */
  readonly adoptExisting?: pulumi.Input<boolean>;
  /** Per-operation deadlines. */
  readonly timeouts?: pulumi.Input<SecurityGroupMembershipTimeouts>;
}

/** The type Pulumi registers the resource as (`pulumi.dynamic.Resource` with module `ecs`). */
const RESOURCE_TYPE = "pulumi-nodejs:dynamic/ecs:SecurityGroupMembership";

/** Outputs the class computes from others instead of declaring (see the getters). */
const DERIVED_KEYS: readonly string[] = ["targetKind", "targetId"];
/** The properties the class declares to Pulumi (the benchmarks match a no-op resource to them). */
export const DECLARED_KEYS = [...INPUT_KEYS, ...CLASS_KEYS, ...OUTPUT_ONLY_KEYS].filter(
  (k) => !DERIVED_KEYS.includes(k),
);

/**
 * The URN the resource registers under, as `pulumi.createUrn` computes it: a plain string for a
 * resource without a parent (no Output to resolve), else from the parent's URN, where an unknown
 * or mocked one (unit tests with `setMocks`) gives the URN as if no parent were given instead
 * of throwing inside an apply.
 */
function ownerUrn(name: string, parent: pulumi.Resource | undefined): pulumi.Input<string> {
  const root = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::`;
  if (!parent) return `${root}${RESOURCE_TYPE}::${name}`;
  return parent.urn.apply((parentUrn) => {
    const head =
      typeof parentUrn === "string" && parentUrn.includes("::")
        ? parentUrn.slice(0, parentUrn.lastIndexOf("::"))
        : undefined;
    const prefix = head && !head.endsWith("::pulumi:pulumi:Stack") ? `${head}$` : root;
    return `${prefix}${RESOURCE_TYPE}::${name}`;
  });
}

export class SecurityGroupMembership extends pulumi.dynamic.Resource {
  /** The security group. */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** The instance, or `null` for an ENI membership. */
  declare readonly instanceId: pulumi.Output<string | null>;
  /** The ENI, or `null` for an instance membership. */
  declare readonly networkInterfaceId: pulumi.Output<string | null>;
  /** The region, as resolved (input, config or env). */
  declare readonly regionId: pulumi.Output<string>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The deadlines as given, or `null`. */
  declare readonly timeouts: pulumi.Output<{
    create?: string;
    read?: string;
    delete?: string;
  } | null>;
  /**
   * This resource's URN, the owner its ownership record on the target names; `null` after a
   * refresh found the record gone (the next `pulumi up` writes it again) or for a stack made
   * before records (its first `pulumi up` writes them).
   */
  declare readonly owner: pulumi.Output<string | null>;
  /** True when the membership existed before this resource (taken over or shared). */
  declare readonly adopted: pulumi.Output<boolean>;
  /** All of the target's security groups, as last seen. */
  declare readonly targetSecurityGroupIds: pulumi.Output<string[]>;

  /** `"instance"` or `"networkInterface"`. */
  readonly targetKind: pulumi.Output<"instance" | "networkInterface">;
  /** The instance or ENI ID. */
  readonly targetId: pulumi.Output<string>;

  /**
   * Look up an existing membership by ID, `<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>`.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions) {
    return new SecurityGroupMembership(name, {} as SecurityGroupMembershipArgs, { ...opts, id });
  }

  constructor(
    name: string,
    args: SecurityGroupMembershipArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    if (!opts?.id) assertArgs(name, args);
    const props: Record<string, unknown> = Object.fromEntries(
      DECLARED_KEYS.map((k) => [k, undefined]),
    );
    const secrets = watchSecretInputs(opts?.id ? {} : { ...args }, opts);
    if (!opts?.id) {
      Object.assign(props, { ...args });
      // Who owns the membership: the URN this resource registers under (its record's key).
      props.owner = ownerUrn(name, opts?.parent);
    }
    // The SDK gives each declared output four promises and records a stack trace on each, for
    // its promise-leak report only; with source-map-support installed, those traces were a
    // tenth of an `up`. They are left out while the resource registers, unless that report is
    // asked for. (The SDK's own source position of the resource is taken without this limit.)
    const stackTraceLimit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(storedProvider(), name, props, secrets.opts, "ecs", "SecurityGroupMembership");
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    // Derived here rather than declared: Pulumi's Node.js SDK spends about a quarter of a
    // millisecond of CPU per declared output of every resource, and these two follow from the
    // target inputs. The state's outputs still carry both. The kind tells nothing of a secret
    // instance ID, so it is never secret; targetId is secret when the target's ID is (the engine
    // keeps an output secret when its same-named input was).
    this.targetKind = pulumi
      .unsecret(this.instanceId)
      .apply((id) => (id ? "instance" : "networkInterface"));
    this.targetId = pulumi
      .all([this.instanceId, this.networkInterfaceId])
      .apply(([instance, eni]) => (instance ?? eni)!);
    void secrets.secretIdParts.then((parts) => {
      if (parts.length > 0) void pulumi.log.warn(secretIdWarning(name, parts), this);
    });
  }
}
