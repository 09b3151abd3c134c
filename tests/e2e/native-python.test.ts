/**
 * The native provider plugin serving a Python program (the generated SDK, sdk/python) through
 * our minimal Python language host: the scenario of ./native/scenario.ts; then what our host
 * itself answers when the project's Python is not set up, or the program fails.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { CLI_TIMEOUT_MS, E2E_PASSPHRASE, failure } from "./helpers";
import { describeNativeScenario } from "./native/scenario";
import { pythonLanguage, writePythonProject } from "./native/python";
import { nativePluginDir } from "../../testkit/native-plugin";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { fileBackendEnv } from "../../testkit/pulumi-env";
import { pythonHostDir, pythonProgramVenv } from "../../testkit/python-env";

jest.setTimeout(180_000);

describeNativeScenario(pythonLanguage);

describe("our Python host", () => {
  const project = "sg-python-host-e2e";
  let dir: string;
  let stack: Stack;
  const runWith = (virtualenv: string) =>
    writePythonProject(dir, project, nativePluginDir(), virtualenv);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sg-python-host-"));
    const backend = mkdtempSync(join(tmpdir(), "sg-python-host-state-"));
    runWith(pythonProgramVenv());
    stack = await LocalWorkspace.createStack(
      { stackName: `host-${process.pid}`, workDir: dir },
      {
        envVars: {
          ...fileBackendEnv(backend, E2E_PASSPHRASE),
          PATH: `${pythonHostDir()}:${process.env.PATH}`,
        },
        pulumiCommand: await pulumiCli(),
      },
    );
  }, CLI_TIMEOUT_MS);

  test("a virtualenv that does not exist fails, naming it and how to make it", async () => {
    runWith("venv");
    const venv = join(dir, "venv");
    expect(await failure(stack.preview())).toContain(
      `runtime.options.virtualenv is ${venv}, which has no bin/python (this host does not ` +
        `create it): python3 -m venv ${venv} && ${venv}/bin/python -m pip install pulumi`,
    );
  });

  test("a Python without the pulumi package fails, saying what to install", async () => {
    const bare = join(dir, "bare");
    execFileSync("python3", ["-m", "venv", "--without-pip", bare]);
    runWith(bare);
    const message = await failure(stack.preview());
    expect(message).toContain(
      `pulumi-language-python: ${bare}/bin/python cannot import the Pulumi SDK ` +
        "(No module named 'pulumi'). Install it",
    );
    expect(message).toContain(`${bare}/bin/python -m pip install pulumi`);
  });

  test("a failing program's error shows the program's own traceback", async () => {
    runWith(pythonProgramVenv());
    writeFileSync(
      join(dir, "__main__.py"),
      "import pulumi\n\ndef declare():\n    raise ValueError('no such group')\n\ndeclare()\n",
    );
    const message = await failure(stack.preview());
    expect(message).toContain("Program failed with an unhandled exception:");
    expect(message).toMatch(
      new RegExp(
        `Traceback \\(most recent call last\\):\\s+File "${join(dir, "__main__.py")}", line 6, ` +
          "in <module>[^]*line 4, in declare[^]*ValueError: no such group",
      ),
    );
    // From the program's frame on: none of the SDK's or the host's.
    expect(message).not.toContain("runpy");
    expect(message).not.toContain("site-packages/pulumi");
  });
});
