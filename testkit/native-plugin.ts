/**
 * What a Pulumi YAML program on the native provider plugin needs beside the CLI: the official
 * YAML language host (built from Go modules by scripts/ensure-yaml-host.sh when missing) and
 * the plugin's directory in a built tree (`plugin/`, whose script runs `dist/`).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./repo-root";
import { TOOL_TIMEOUT_MS } from "./support-matrix";

/** The directory holding `pulumi-language-yaml`; fails saying what is missing. */
export function yamlHostDir(): string {
  try {
    return execFileSync("bash", [join(REPO_ROOT, "scripts", "ensure-yaml-host.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: TOOL_TIMEOUT_MS,
    }).trim();
  } catch (e) {
    throw new Error(
      "These tests need the Pulumi YAML language host and could not get it: " +
        "scripts/ensure-yaml-host.sh failed (its message is above; it builds " +
        "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml with Go >= 1.26.6 from the Go " +
        `module proxy). ${(e as Error).message}`,
    );
  }
}

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
