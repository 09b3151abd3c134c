import { readFileSync } from "node:fs";

/** CPU seconds of this process's finished children (the CLI and what it ran), from /proc. */
export function childCpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in ticks of 10 ms
  } catch {
    return NaN;
  }
}
