/**
 * sdk/ is what scripts/gen-sdks.sh generates from this build's package schema: regenerating it
 * into a temp directory gives exactly the files sdk/ has (those git does not ignore), byte for
 * byte. The script builds tools/sdk-gen with Go the first time (the Go module proxy).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filesUnder, SDK_DIR } from "../../testkit/native-sdk";
import { REPO_ROOT } from "../../testkit/repo-root";
import { TOOL_TIMEOUT_MS } from "../../testkit/support-matrix";

const REGENERATE = "npm run build && bash scripts/gen-sdks.sh";

/** sdk/'s files as git sees them: tracked or not, less what its .gitignore files exclude. */
const committedFiles = () =>
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", "."], {
    cwd: SDK_DIR,
    encoding: "utf8",
  })
    .split("\n")
    .filter((line) => line !== "")
    .sort();

test(
  "sdk/ is exactly what scripts/gen-sdks.sh generates",
  () => {
    const out = mkdtempSync(join(tmpdir(), "sg-sdks-"));
    try {
      execFileSync("bash", [join(REPO_ROOT, "scripts", "gen-sdks.sh"), out], {
        stdio: ["ignore", "inherit", "inherit"],
        timeout: TOOL_TIMEOUT_MS,
      });
    } catch (e) {
      throw new Error(
        `scripts/gen-sdks.sh failed (its message is above; it needs a build, npm run build, and ` +
          `Go with the Go module proxy): ${(e as Error).message}`,
      );
    }
    const generated = filesUnder(out, []);
    const committed = committedFiles();
    const stale = `sdk/ is stale: run \`${REGENERATE}\` and commit sdk/.`;
    const missing = generated.find((f) => !committed.includes(f));
    const extra = committed.find((f) => !generated.includes(f));
    if (missing) throw new Error(`${stale} sdk/${missing} is generated but not in sdk/.`);
    if (extra) throw new Error(`${stale} sdk/${extra} is in sdk/ but not generated.`);
    const differing = generated.find(
      (f) => !readFileSync(join(out, f)).equals(readFileSync(join(SDK_DIR, f))),
    );
    if (differing) throw new Error(`${stale} sdk/${differing} differs from what is generated.`);
  },
  TOOL_TIMEOUT_MS,
);
