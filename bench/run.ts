/**
 * `npm run bench [-- --only 2,3] [-- --quick]`: runs the figures, prints the results table with
 * pass/fail per target and writes bench/results/results.json and results.md (with `--only 2,3`,
 * results-2-3.json and results-2-3.md, so that a run of some figures keeps the full run's files).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pulumiCli } from "../testkit/pulumi-cli";
import { REPO_ROOT } from "../testkit/repo-root";
import { apiCalls } from "./api-calls";
import { emulatorCapacity } from "./emulator-capacity";
import { emulatorMemory } from "./emulator-memory";
import type { BenchContext, FigureResult } from "./figure-result";
import { log } from "./log";
import { machine } from "./machine";
import { describeLoad, loadMeter } from "./machine-load";
import { overhead } from "./overhead";
import { renderMarkdown, renderTable } from "./report";
import { soak } from "./soak";
import { stateSize } from "./state-size";
import { round } from "./stats";
import { cleanup } from "./temp-dirs";
import { throughput, throughputSvg } from "./throughput";

const FIGURES: Record<number, (ctx: BenchContext) => Promise<FigureResult>> = {
  1: apiCalls,
  2: throughput,
  3: overhead,
  4: stateSize,
  5: emulatorCapacity,
  6: soak,
  7: emulatorMemory,
};

async function main() {
  const { values } = parseArgs({
    options: { only: { type: "string" }, quick: { type: "boolean", default: false } },
  });
  const only = values.only
    ? values.only.split(",").map((s) => Number(s.trim()))
    : Object.keys(FIGURES).map(Number);
  const unknown = only.filter((n) => !FIGURES[n]);
  if (unknown.length > 0) throw new Error(`--only: no figure ${unknown.join(", ")}`);
  const ctx: BenchContext = { quick: values.quick === true, reps: values.quick ? 1 : 3 };
  const cli = await pulumiCli();
  const started = performance.now();
  const runLoad = loadMeter();
  const results: FigureResult[] = [];
  for (const id of only) {
    log(`figure ${id}: start`);
    const t = performance.now();
    const figureLoad = loadMeter();
    let result: FigureResult;
    try {
      result = await FIGURES[id](ctx);
    } catch (e) {
      result = {
        id,
        title: `figure ${id}`,
        rows: [{ figure: String(id), metric: "run", value: (e as Error).message, pass: false }],
        notes: [],
        details: { error: String((e as Error).stack) },
      };
    }
    const load = figureLoad.stop();
    result.notes.push(describeLoad(load));
    result.details.load = load;
    results.push(result);
    log(`figure ${id}: done in ${round((performance.now() - t) / 1000, 1)} s`);
  }
  const report = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    date: new Date().toISOString(),
    totalSeconds: round((performance.now() - started) / 1000, 1),
    mode: ctx.quick ? "quick" : "full",
    reps: ctx.reps,
    machine: machine(cli),
    load: runLoad.stop(),
    figures: results,
  };
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const suffix = values.only ? `-${only.join("-")}` : "";
  writeFileSync(join(dir, `results${suffix}.json`), JSON.stringify(report, null, 2) + "\n");
  const points = results.find((f) => f.id === 2)?.details.points;
  const plot = Array.isArray(points) && points.length > 2;
  const svg = `throughput${suffix}.svg`;
  if (plot) writeFileSync(join(dir, svg), throughputSvg(points));
  writeFileSync(join(dir, `results${suffix}.md`), renderMarkdown(report, plot ? svg : undefined));
  process.stdout.write(renderTable(report));
  if (results.some((f) => f.rows.some((r) => r.pass === false))) process.exitCode = 1;
}

main()
  .catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exitCode = 2;
  })
  .finally(cleanup);
