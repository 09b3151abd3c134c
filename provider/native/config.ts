/**
 * The native provider's configuration: the keys the dynamic provider reads as stack config
 * `alicloud:<key>`, in the provider's own namespace (`alicloud-sg-membership:<key>`, or the
 * inputs of an explicit `pulumi:providers:alicloud-sg-membership` resource), with the same
 * forms. The engine hands a native provider only its own namespace (pkg/v3 host.go and
 * target.go `GetPackageConfig` filter by package; so does `PULUMI_CONFIG` in its environment),
 * so `alicloud:region` never reaches it. The runtime reads them in this namespace and its
 * messages name them so (`createRuntime({ configNamespace })`).
 *
 * | key | what |
 * | --- | --- |
 * | `region` | region when the resource has no `regionId`, before env `ALIBABA_CLOUD_REGION_ID` / `ALICLOUD_REGION` |
 * | `accessKey`, `secretKey`, `securityToken` | static credentials (secrets), else the `@alicloud/credentials` default chain |
 * | `endpoints` | `[{ "ecs": "<url>" }]`, as in @pulumi/alicloud, before env `ALIBABA_CLOUD_ECS_ENDPOINT` |
 */

import { unwrapSecrets } from "./secrets";

/** The package name: the config namespace, the plugin's name, the type tokens' first part. */
export const PACKAGE = "alicloud-sg-membership";

export { CONFIG_KEYS } from "../runtime/config";

/** A Configure request as the provider reads it: `args` (structured), else `variables`. */
export interface ConfigureArgs {
  /** The provider's inputs (`ConfigureRequest.args`), secrets still wrapped. */
  args?: Record<string, unknown>;
  /** The deprecated `ConfigureRequest.variables`: `<pkg>:config:<key>` to a string (JSON for others). */
  variables?: ReadonlyMap<string, string> | [string, string][];
}

/** The provider's own config, plain: a key of `CONFIG_KEYS` to its value. */
export function providerConfig(req: ConfigureArgs): Record<string, unknown> {
  if (req.args) return unwrapSecrets(req.args).plain;
  const config: Record<string, unknown> = {};
  for (const [name, value] of req.variables ?? []) {
    const prefix = `${PACKAGE}:config:`;
    if (name.startsWith(prefix)) config[name.slice(prefix.length)] = value;
  }
  return config;
}

/** The runtime's `config.get` over the provider's own config: `alicloud-sg-membership:<key>`. */
export const runtimeConfigGet =
  (config: Record<string, unknown>) =>
  (key: string): unknown =>
    key.startsWith(`${PACKAGE}:`) ? config[key.slice(PACKAGE.length + 1)] : undefined;

/** A runtime message; the one for no region anywhere also says that `alicloud:region` is not seen. */
export function withRegionNote(text: string): string {
  if (!/^no region:/.test(text)) return text;
  return (
    `${text} (stack config alicloud:region is not passed to this native provider: Pulumi ` +
    `hands a provider only its own namespace, so set ${PACKAGE}:region too, or regionId)`
  );
}
