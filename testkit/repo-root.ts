/**
 * testkit/ is what bench/ and tests/ share. The bench runs it compiled from dist/testkit, without
 * jest, so nothing in this folder may use jest.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The repository root, from testkit/ (ts, under jest) or dist/testkit/ (js, under the bench). */
export const REPO_ROOT = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (
      existsSync(join(dir, "package.json")) &&
      existsSync(join(dir, "tools", "support-matrix.json"))
    )
      return dir;
  }
  throw new Error(`testkit: no repository root above ${__dirname}`);
})();
