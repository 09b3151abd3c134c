/**
 * The Go program of the native provider plugin's tests (tests/fixtures/native-go, on the
 * generated Go SDK of sdk/go): a copy of it in a program directory, built once there so that the
 * Go build cache (the user's GOCACHE, shared with the project's other Go builds) holds its
 * dependencies before the CLI's first `go build` through our Go language host.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./repo-root";
import { TOOL_TIMEOUT_MS } from "./support-matrix";

const SOURCE = join(REPO_ROOT, "tests", "fixtures", "native-go");
const SDK_MODULE = "github.com/pulumi-alicloud-sg-membership/pulumi-alicloud-sg-membership/sdk/go";

/**
 * Go settings for building offline from the module proxy: the committed go.sum must cover every
 * module (no checksum database, no go.mod rewrites), and no toolchain download.
 */
export const GO_ENV = { GOSUMDB: "off", GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" };

const log = (message: string) => process.stderr.write(`go-program: ${message}\n`);

/** The `go` to build with (PATH, else the standard install), of at least the program's Go version. */
export function goBinary(): string {
  const need = /^go (\S+)$/m.exec(readFileSync(join(SOURCE, "go.mod"), "utf8"))![1];
  const candidates = [
    ...(process.env.PATH ?? "").split(":").map((dir) => join(dir, "go")),
    "/usr/local/go/bin/go",
  ];
  const go = candidates.find((path) => existsSync(path));
  const missing = `The Go program of these tests needs Go >= ${need} on PATH (https://go.dev/dl/)`;
  if (!go) throw new Error(`${missing}; there is none.`);
  const have = execFileSync(go, ["env", "GOVERSION"], {
    encoding: "utf8",
    env: { ...process.env, ...GO_ENV },
  }).trim();
  if (!atLeast(have.replace(/^go/, ""), need)) throw new Error(`${missing}; ${go} is ${have}.`);
  return go;
}

function atLeast(have: string, need: string): boolean {
  const [h, n] = [have, need].map((v) => v.split(/[^0-9]+/).map(Number));
  for (let i = 0; i < n.length; i++) if ((h[i] ?? 0) !== n[i]) return (h[i] ?? 0) > n[i];
  return true;
}

/**
 * Copies the program into `dir` (main.go, go.mod, go.sum; the SDK replaced by this tree's
 * sdk/go) and builds it once; returns the env its builds need (GO_ENV, and `go` on PATH).
 */
export function goProgramInto(dir: string): Record<string, string> {
  if (!existsSync(join(REPO_ROOT, "sdk", "go", "go.mod")))
    throw new Error(`${join(REPO_ROOT, "sdk", "go")} is missing: run scripts/gen-sdks.sh.`);
  for (const file of ["main.go", "go.mod", "go.sum"])
    copyFileSync(join(SOURCE, file), join(dir, file));
  const go = goBinary();
  const env = { ...GO_ENV, PATH: `${dirname(go)}:${process.env.PATH}` };
  const run = (...args: string[]) =>
    execFileSync(go, args, {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
      timeout: TOOL_TIMEOUT_MS,
    });
  run("mod", "edit", `-replace=${SDK_MODULE}=${join(REPO_ROOT, "sdk", "go")}`);

  const out = mkdtempSync(join(tmpdir(), "sg-go-program-"));
  const started = Date.now();
  log(`building the Go program in ${dir} (minutes while the Go build cache is cold)...`);
  try {
    run("build", "-o", join(out, "program"), ".");
  } catch (e) {
    throw new Error(`go build of the Go program in ${dir} failed (its output is above): ${e}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return env;
}
