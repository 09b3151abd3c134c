/**
 * How busy the shared machine was while a figure ran: the CPU all processes used (/proc/stat),
 * this benchmark's share (its own CPU and its finished children's, i.e. the CLI, programs,
 * plugins and in-process emulator), what the hypervisor took (steal) and the 1-minute load
 * average sampled every 5 s. Linux only; elsewhere the counts are NaN.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { childCpuSeconds } from "./child-cpu";
import { median, round } from "./stats";

const TICKS_PER_SECOND = 100;

/** CPU seconds of the whole machine since boot: busy (user, nice, system, irq, softirq) and steal. */
function machineCpu(): { busy: number; steal: number } {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return {
      busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND,
      steal: steal / TICKS_PER_SECOND,
    };
  } catch {
    return { busy: NaN, steal: NaN };
  }
}

const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6 + childCpuSeconds();
};

export interface MachineLoad {
  seconds: number;
  cores: number;
  /** Cores in use on average: by everything, by this benchmark, by the rest; taken by the host. */
  busyCores: number;
  benchCores: number;
  otherCores: number;
  stealCores: number;
  /** The 1-minute load average: median and maximum of the samples. */
  load1Median: number;
  load1Max: number;
}

/** Starts measuring; `stop()` gives the averages since. */
export function loadMeter(): { stop(): MachineLoad } {
  const started = performance.now();
  const machine0 = machineCpu();
  const own0 = ownCpu();
  const loads = [loadavg()[0]];
  const timer = setInterval(() => loads.push(loadavg()[0]), 5000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      loads.push(loadavg()[0]);
      const seconds = (performance.now() - started) / 1000;
      const machine = machineCpu();
      const busy = machine.busy - machine0.busy;
      const own = ownCpu() - own0;
      return {
        seconds: round(seconds, 1),
        cores: cpus().length,
        busyCores: round(busy / seconds),
        benchCores: round(own / seconds),
        otherCores: round(Math.max(0, busy - own) / seconds),
        stealCores: round((machine.steal - machine0.steal) / seconds),
        load1Median: round(median(loads)),
        load1Max: round(Math.max(...loads)),
      };
    },
  };
}

/** One line for the notes. */
export const describeLoad = (l: MachineLoad) =>
  `Machine while this figure ran (${l.seconds} s): ${l.busyCores} of ${l.cores} cores busy on average ` +
  `(this benchmark ${l.benchCores}, other processes ${l.otherCores}), steal ${l.stealCores}; ` +
  `1-minute load average median ${l.load1Median}, max ${l.load1Max}.`;
