import type { RunningEmulator } from "../emulator";

/** Counts of the emulator's logged calls by action, since the log was last cleared. */
export async function callCounts(emulator: RunningEmulator): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of await emulator.control.requests()) {
    counts[entry.action] = (counts[entry.action] ?? 0) + 1;
  }
  return counts;
}
