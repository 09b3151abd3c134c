/**
 * Secret inputs (`pulumi.secret(sg.id)`). A dynamic provider is handed secrets unwrapped
 * (`acceptSecrets: false`) and cannot tell which inputs were secret; the engine marks an output
 * secret when the input of the same name was (`annotateSecrets`, provider_plugin.go), which
 * covers `securityGroupId`, `instanceId`, `networkInterfaceId` and `regionId`, but not the
 * outputs derived from them. Those are made secret here with `additionalSecretOutputs` when
 * their source is: `targetSecurityGroupIds` (it lists the group) and `targetId`. The resource
 * ID cannot be secret at all (the engine refuses, pulumi/pulumi#2717), so a secret ID part
 * gets one warning per resource.
 */

import * as pulumi from "@pulumi/pulumi";
import { quoted } from "../schema/shown";

/** The inputs the resource ID is made of. */
const ID_PARTS = ["regionId", "instanceId", "networkInterfaceId", "securityGroupId"] as const;
export type IdPart = (typeof ID_PARTS)[number];

/** Outputs computed from an input, secret when it is. */
const DERIVED_FROM: Readonly<Record<IdPart, readonly string[]>> = {
  regionId: [],
  instanceId: ["targetId"],
  networkInterfaceId: ["targetId"],
  securityGroupId: ["targetSecurityGroupIds"],
};

export interface SecretInputs {
  /** The options to register with: `additionalSecretOutputs` fills in as secretness is known. */
  opts: pulumi.CustomResourceOptions;
  /** The ID parts that are secret, once known. */
  secretIdParts: Promise<IdPart[]>;
}

/**
 * Watches the ID parts given as Outputs (plain values and promises are never secret). The SDK
 * reads `additionalSecretOutputs` only once every input is serialized, after awaiting each
 * Output's `isSecret` promise (runtime/resource.js, `registerResource` after `prepareResource`);
 * the names are added by reactions to those same promises, attached here before the resource
 * registers and so run before the SDK's own, which is what makes them arrive in time.
 */
export function watchSecretInputs(
  args: Readonly<Record<string, unknown>>,
  opts: pulumi.CustomResourceOptions | undefined,
): SecretInputs {
  const watched = ID_PARTS.filter((key) => pulumi.Output.isInstance(args[key]));
  if (watched.length === 0) return { opts: opts ?? {}, secretIdParts: Promise.resolve([]) };
  const secretOutputs = [...(opts?.additionalSecretOutputs ?? [])];
  const checks = watched.map((key) =>
    Promise.resolve(pulumi.isSecret(args[key] as pulumi.Output<unknown>))
      .then((secret) => {
        for (const output of secret ? DERIVED_FROM[key] : []) {
          if (!secretOutputs.includes(output)) secretOutputs.push(output);
        }
        return secret ? [key] : [];
      })
      // A failed input fails the resource through the SDK already; no second report.
      .catch(() => []),
  );
  const secretIdParts = Promise.all(checks).then((parts) => parts.flat());
  return { opts: { ...opts, additionalSecretOutputs: secretOutputs }, secretIdParts };
}

/** The warning for a resource whose ID holds secret parts. */
export function secretIdWarning(name: string, parts: readonly IdPart[]): string {
  const secret = [...parts, ...new Set(parts.flatMap((part) => DERIVED_FROM[part]))];
  return (
    `SecurityGroupMembership ${quoted(name)}: ${listed(parts)} ${parts.length === 1 ? "is a secret" : "are secrets"}, ` +
    `but the resource ID (<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>) holds ` +
    `${parts.length === 1 ? "it" : "them"} in plain text, in the state and in the CLI's output: ` +
    `Pulumi cannot make a resource ID secret (pulumi/pulumi#2717). The ` +
    `${secret.length === 1 ? "output" : "outputs"} ${listed(secret)} ${secret.length === 1 ? "stays" : "stay"} secret.`
  );
}

const listed = (names: readonly string[]) =>
  names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
