/**
 * What a Pulumi YAML program on the native provider plugin needs beside the CLI: the official
 * YAML language host (built from Go modules by scripts/ensure-yaml-host.sh when missing), the
 * plugin's directory in a built tree (`plugin/`, whose script runs `dist/`) and the plugin's
 * tarball for `pulumi plugin install --file` (scripts/pack-plugin.sh).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative } from "node:path";
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

/** The plugin tarball's name that scripts/pack-plugin.sh writes for `version`. */
export const pluginTarballName = (version: string) =>
  `pulumi-resource-alicloud-sg-membership-v${version}.tgz`;

/** What the tarball is made of: the published files of the build, the lockfile, the script. */
function tarballInputsKey(root: string): string {
  const hash = createHash("sha256");
  const add = (path: string): void => {
    if (statSync(path).isDirectory())
      for (const entry of readdirSync(path).sort()) add(join(path, entry));
    else
      hash
        .update(`${relative(root, path)}\0`)
        .update(readFileSync(path))
        .update("\0");
  };
  const { files } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    files: string[];
  };
  for (const path of ["package.json", "package-lock.json", "scripts/pack-plugin.sh", ...files])
    add(join(root, path));
  return hash.digest("hex").slice(0, 16);
}

/**
 * The plugin tarball of the build in `root` (scripts/pack-plugin.sh, about 10 s with a warm npm
 * cache), kept under the project's cache keyed on its inputs; fails saying what is missing.
 */
export function pluginTarball(root = REPO_ROOT): string {
  nativePluginDir(root);
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    version: string;
  };
  const cache =
    process.env.PULUMI_CLI_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "pulumi-alicloud-sg-membership");
  const dir = join(cache, `plugin-tarball-${tarballInputsKey(root)}`);
  const tarball = join(dir, pluginTarballName(version));
  if (existsSync(tarball)) return tarball;
  const built = ensure(
    "pack-plugin.sh",
    dir,
    "the native provider plugin's tarball (npm, with the registry or the npm cache)",
  );
  if (built !== tarball) throw new Error(`scripts/pack-plugin.sh wrote ${built}, not ${tarball}`);
  return tarball;
}
