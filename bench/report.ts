/** The results as a plain-text table for the terminal and as Markdown for bench/results/. */
import type { FigureResult } from "./figure-result";
import type { machine } from "./machine";
import type { MachineLoad } from "./machine-load";

export interface Report {
  command: string;
  date: string;
  totalSeconds: number;
  mode: string;
  reps: number;
  machine: ReturnType<typeof machine>;
  load: MachineLoad;
  figures: FigureResult[];
}

const verdict = (pass: boolean | undefined) => (pass === undefined ? "-" : pass ? "PASS" : "FAIL");

function machineLine(r: Report): string {
  const m = r.machine;
  return (
    `${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}, ${m.os}, ` +
    `pulumi ${m.pulumi}, @pulumi/pulumi ${m.sdk}`
  );
}

const loadLine = ({ load: l }: Report) =>
  `${l.busyCores} of ${l.cores} cores busy on average (this benchmark ${l.benchCores}, ` +
  `other processes ${l.otherCores}), 1-minute load average median ${l.load1Median}, max ${l.load1Max}`;

export function renderTable(r: Report): string {
  const rows = r.figures.flatMap((f) => f.rows);
  const cells = rows.map((x) => [x.figure, x.metric, x.value, x.target ?? "", verdict(x.pass)]);
  const head = ["fig", "metric", "value", "target", "result"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((s, i) => s.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const notes = r.figures.flatMap((f) => f.notes.map((n) => `  [${f.id}] ${n}`));
  return [
    `${r.command}  (${r.mode}, ${r.reps} run(s) per timing, ${r.totalSeconds} s in all)`,
    `machine: ${machineLine(r)}`,
    `load: ${loadLine(r)}`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
    ...(notes.length ? ["", "notes:", ...notes] : []),
    "",
  ].join("\n");
}

const md = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(r: Report, plot?: string): string {
  const rows = r.figures.flatMap((f) => f.rows);
  return [
    "# Benchmark results",
    "",
    `\`${r.command}\` on ${r.date.slice(0, 10)}: ${r.mode} mode, ${r.reps} run(s) per timing ` +
      `(medians), ${r.totalSeconds} s in all.`,
    "",
    `Machine: ${machineLine(r)}.`,
    "",
    `Load over the run: ${loadLine(r)}.`,
    "",
    "| fig | metric | value | target | result |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (x) =>
        `| ${x.figure} | ${md(x.metric)} | ${md(x.value)} | ${md(x.target ?? "")} | ${verdict(x.pass)} |`,
    ),
    "",
    ...(plot ? [`![Figure 2: wall time against the limit's bound](${plot})`, ""] : []),
    ...r.figures.flatMap((f) =>
      f.notes.length ? [`## ${f.id}. ${f.title}`, "", ...f.notes.map((n) => `- ${n}`), ""] : [],
    ),
  ].join("\n");
}
