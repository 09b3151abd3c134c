/**
 * What a Python program on the native provider plugin needs beside the CLI: our Python language
 * host, which scripts/ensure-pulumi-cli.sh builds beside its CLI, and a virtualenv with the
 * pulumi SDK and this tree's generated SDK, sdk/python (made by
 * scripts/ensure-python-program-env.sh when missing).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cliDir, ensure, MATRIX } from "./support-matrix";

/** The virtualenv's directory, for `runtime.options.virtualenv`; fails saying what is missing. */
export const pythonProgramVenv = (): string =>
  ensure(
    "ensure-python-program-env.sh",
    undefined,
    "a Python virtualenv with pulumi and sdk/python (python3 >= 3.10 with venv and pip, and PyPI)",
  );

/** The directory holding our `pulumi-language-python`: the primary CLI's. */
export function pythonHostDir(): string {
  const dir = cliDir(MATRIX.cli.newest);
  if (!existsSync(join(dir, "pulumi-language-python"))) {
    throw new Error(
      `${dir} has no pulumi-language-python: scripts/ensure-pulumi-cli.sh builds ours only beside ` +
        "a CLI it builds itself, and it used the pulumi on PATH. Take that pulumi off PATH.",
    );
  }
  return dir;
}
