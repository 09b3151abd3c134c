/**
 * The Go driver: the program of tests/fixtures/native-go (on the generated Go SDK) copied into
 * the program directory and built once there, run by our Go language host
 * (tools/language-hosts/cmd/pulumi-language-go, built beside the CLI by
 * scripts/ensure-pulumi-cli.sh), which builds it again (cached) on every CLI command.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { goProgramInto } from "../../../testkit/go-program";
import { cliDir, MATRIX } from "../../../testkit/support-matrix";
import { type NativeLanguage, PROGRAM_FILE } from "./program";

/** The directory of `pulumi-language-go`, beside the primary CLI. */
function goHostDir(): string {
  const dir = cliDir(MATRIX.cli.newest);
  if (!existsSync(join(dir, "pulumi-language-go")))
    throw new Error(
      `${dir} has no pulumi-language-go: that CLI is not our build (scripts/ensure-pulumi-cli.sh ` +
        "builds tools/language-hosts/cmd/pulumi-language-go beside the CLI it builds).",
    );
  return dir;
}

export const goLanguage: NativeLanguage = {
  name: "go",
  prepare(dir, project, pluginDir) {
    const host = goHostDir();
    const projectFile = {
      name: project,
      runtime: "go",
      plugins: { providers: [{ name: "alicloud-sg-membership", path: pluginDir }] },
    };
    writeFileSync(join(dir, "Pulumi.yaml"), JSON.stringify(projectFile, null, 2));
    const env = goProgramInto(dir);
    return Promise.resolve({ ...env, PATH: `${host}:${env.PATH}` });
  },
  write(dir, decl) {
    writeFileSync(join(dir, PROGRAM_FILE), JSON.stringify(decl, null, 2));
  },
  generatesImportCode: false,
};
