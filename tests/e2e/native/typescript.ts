/**
 * The scenario's TypeScript driver: our Node.js language host (beside the CLI), the program
 * tests/fixtures/native-typescript/index.ts copied into the program's directory, and there the
 * generated Node.js SDK (sdk/nodejs, built by testkit/native-sdk.ts) packed and `npm install`ed
 * as a user installs it, beside the @pulumi/pulumi the program chooses (the SDK's peer) and a
 * TypeScript for the CLI's ts-node (the one vendored in @pulumi/pulumi, 3.8, knows no ES2022).
 * The declarations go to PROGRAM_FILE, which the program reads. The host generates no code for
 * `pulumi import`.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NativeLanguage, PROGRAM_FILE } from "./program";
import { builtNodeSdk } from "../../../testkit/native-sdk";
import { REPO_ROOT } from "../../../testkit/repo-root";
import { MATRIX } from "../../../testkit/support-matrix";
import { npmProject, run } from "../../helpers/npm-project";

const PROGRAM = join(REPO_ROOT, "tests", "fixtures", "native-typescript");

/** The version of this repository's copy of an npm package. */
const repoVersion = (name: string): string =>
  (
    JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

/** The npm package name of the generated Node.js SDK. */
export const NODE_SDK_PACKAGE = "@pulumi-alicloud-sg-membership/sdk";

/** Makes `dir` a TypeScript project with the packed SDK installed and the program copied in. */
export async function installTypescriptProgram(dir: string): Promise<void> {
  const sdk = builtNodeSdk();
  const packs = mkdtempSync(join(tmpdir(), "sg-sdk-pack-"));
  const tarball = (await run("npm", ["pack", sdk, "--silent"], { cwd: packs })).trim();
  await npmProject(
    [
      join(packs, tarball),
      `@pulumi/pulumi@${MATRIX.sdk.newest}`,
      `typescript@${repoVersion("typescript")}`,
      `@types/node@${repoVersion("@types/node")}`,
    ],
    undefined,
    dir,
  );
  for (const file of ["index.ts", "tsconfig.json"])
    copyFileSync(join(PROGRAM, file), join(dir, file));
}

export const typescriptLanguage: NativeLanguage = {
  name: "typescript",
  generatesImportCode: false,
  async prepare(dir, project, pluginDir) {
    await installTypescriptProgram(dir);
    const projectFile = {
      name: project,
      runtime: "nodejs",
      main: "index.ts",
      plugins: { providers: [{ name: "alicloud-sg-membership", path: pluginDir }] },
    };
    writeFileSync(join(dir, "Pulumi.yaml"), JSON.stringify(projectFile, null, 2));
    // Type-checked by tsc in tests/e2e/native-typescript.test.ts; the CLI only transpiles.
    return { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
  },
  write(dir, decl) {
    writeFileSync(join(dir, PROGRAM_FILE), JSON.stringify(decl, null, 2));
  },
};
