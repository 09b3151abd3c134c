/**
 * The generated Go and Python SDKs compile as committed: `go build ./...` of sdk/go against its
 * own go.mod and go.sum (read-only: a missing checksum fails), and Python byte-compiles every
 * module of sdk/python (in a copy, so no __pycache__ lands in sdk/). The Node.js SDK is built
 * and run by tests/e2e/native-typescript.test.ts; programs on the Python and Go SDKs run in their
 * own end-to-end tests.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sdkDir } from "../../testkit/native-sdk";
import { REPO_ROOT } from "../../testkit/repo-root";
import { TOOL_TIMEOUT_MS } from "../../testkit/support-matrix";

/** Runs a command; a failure carries everything it printed. */
function check(command: string, args: string[], cwd: string) {
  try {
    execFileSync(command, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: TOOL_TIMEOUT_MS,
    });
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${out.message}\n${out.stdout ?? ""}${out.stderr ?? ""}`);
  }
}

/** Builds sdk/go with the Go the project's scripts find (scripts/lib/go.sh). */
const GO_BUILD = `
  . scripts/lib/go.sh
  go=$(find_go)
  [ -n "$go" ] || { echo "no Go on PATH or in /usr/local/go: install Go >= 1.26.6"; exit 1; }
  cd sdk/go && GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local "$go" build ./...`;

test(
  "the Go SDK builds with its committed go.mod and go.sum",
  () => {
    check("bash", ["-euc", GO_BUILD], REPO_ROOT);
  },
  TOOL_TIMEOUT_MS,
);

test("every module of the Python SDK compiles", () => {
  const copy = mkdtempSync(join(tmpdir(), "sg-python-sdk-"));
  cpSync(sdkDir("python"), copy, { recursive: true });
  check("python3", ["-m", "compileall", "-q", "-f", copy], copy);
});
