/** One line of the results table. */
export interface Row {
  figure: string;
  metric: string;
  value: string;
  target?: string;
  /** Undefined when the row has no target. */
  pass?: boolean;
}

export interface FigureResult {
  id: number;
  title: string;
  rows: Row[];
  notes: string[];
  details: Record<string, unknown>;
}

export interface BenchContext {
  quick: boolean;
  /** Repetitions of each timed command (medians are reported). */
  reps: number;
}
