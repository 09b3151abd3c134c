/**
 * What a Pulumi YAML program on the native provider plugin needs beside the CLI: the official
 * YAML language host (built from Go modules by scripts/ensure-yaml-host.sh when missing) and
 * the plugin's directory in a built tree (`plugin/`, whose script runs `dist/`).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./repo-root";
import { ensure } from "./support-matrix";

/** The directory holding `pulumi-language-yaml`; fails saying what is missing. */
export const yamlHostDir = (): string =>
  ensure(
    "ensure-yaml-host.sh",
    undefined,
    "the Pulumi YAML language host (it builds github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml " +
      "with Go >= 1.26.6 from the Go module proxy)",
  );

/** The directory of `pulumi-resource-alicloud-sg-membership` in `root`, whose build it runs. */
export function nativePluginDir(root = REPO_ROOT): string {
  const entry = join(root, "dist", "provider", "native", "main.js");
  if (!existsSync(entry)) {
    throw new Error(
      `The native provider plugin runs ${entry}, which is missing: build first (npm run build).`,
    );
  }
  return join(root, "plugin");
}
