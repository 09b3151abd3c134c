/**
 * The scenario's Python driver: our minimal Python language host, the program
 * tests/fixtures/native-python/__main__.py copied into the program's directory, and Pulumi.yaml
 * naming a virtualenv with pulumi and the generated SDK (sdk/python). The declarations go to
 * PROGRAM_FILE, which the program reads. The host generates no code for `pulumi import`.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type NativeLanguage, PROGRAM_FILE } from "./program";
import { pythonHostDir, pythonProgramVenv } from "../../../testkit/python-env";
import { REPO_ROOT } from "../../../testkit/repo-root";

const PROGRAM = join(REPO_ROOT, "tests", "fixtures", "native-python", "__main__.py");

/** Writes `dir`/Pulumi.yaml: a Python project run with `virtualenv`, finding the plugin in `pluginDir`. */
export function writePythonProject(
  dir: string,
  project: string,
  pluginDir: string,
  virtualenv: string,
) {
  const projectFile = {
    name: project,
    runtime: { name: "python", options: { virtualenv } },
    plugins: { providers: [{ name: "alicloud-sg-membership", path: pluginDir }] },
  };
  writeFileSync(join(dir, "Pulumi.yaml"), JSON.stringify(projectFile, null, 2));
}

export const pythonLanguage: NativeLanguage = {
  name: "python",
  generatesImportCode: false,
  prepare(dir, project, pluginDir) {
    const virtualenv = pythonProgramVenv();
    const hostDir = pythonHostDir();
    copyFileSync(PROGRAM, join(dir, "__main__.py"));
    writePythonProject(dir, project, pluginDir, virtualenv);
    return Promise.resolve({ PATH: `${hostDir}:${process.env.PATH}` });
  },
  write(dir, decl) {
    writeFileSync(join(dir, PROGRAM_FILE), JSON.stringify(decl, null, 2));
  },
};
