/**
 * Secret inputs (`pulumi.secret(sg.id)`). A dynamic provider is handed secrets unwrapped
 * (`acceptSecrets: false`) and cannot tell which inputs were secret; the engine marks an output
 * secret when the input of the same name was (`annotateSecrets`, provider_plugin.go), which
 * covers `securityGroupId`, `instanceId`, `networkInterfaceId` and `regionId`, but not the
 * outputs derived from them. Those are made secret here with `additionalSecretOutputs` when
 * their source is: `targetSecurityGroupIds` (it lists the group) and `targetId`. The resource
 * ID cannot be secret at all (the engine refuses, pulumi/pulumi#2717), so a secret ID part
 * gets one warning per resource (`secretIdWarning` of ../schema/secret-ids.ts).
 */

import * as pulumi from "@pulumi/pulumi";
import { DERIVED_FROM, ID_PARTS, type IdPart } from "../schema/secret-ids";

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
