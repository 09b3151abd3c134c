/** The README's table of supported versions says what tests/compat runs: every cell, no other. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allCells, MATRIX } from "../../testkit/support-matrix";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

function supportTable(): string[][] {
  const section = README.split(/^## Supported versions$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, "")),
    );
}

it("has a row per Node.js version and SDK, a column per CLI, and marks the primary cell", () => {
  const [head, rule, ...rows] = supportTable();
  expect(head).toEqual([
    "Node.js",
    "@pulumi/pulumi",
    `Pulumi CLI v${MATRIX.cli.newest}`,
    `Pulumi CLI v${MATRIX.cli.floor}`,
  ]);
  expect(rule.every((c) => /^-+$/.test(c))).toBe(true);
  const described = rows.flatMap(([node, sdk, ...byCli]) =>
    [MATRIX.cli.newest, MATRIX.cli.floor].map((cli, i) => ({
      node,
      sdk,
      cli,
      primary: byCli[i].includes("primary"),
    })),
  );
  const expected = allCells().map((c) => ({
    node: c.nodeVersion,
    sdk: c.sdk,
    cli: c.cli,
    primary: c.primary,
  }));
  const order = (x: { node: string; sdk: string; cli: string }) => `${x.node} ${x.sdk} ${x.cli}`;
  expect([...described].sort((a, b) => order(a).localeCompare(order(b)))).toEqual(
    [...expected].sort((a, b) => order(a).localeCompare(order(b))),
  );
});
