/**
 * Numeric options, checked where they are taken: a value out of range fails at once, naming the
 * option and the range it takes, instead of misbehaving later (as p-retry does).
 */
export interface NumberRange {
  /** Smallest value taken (or, with `above`, the value it must exceed). */
  min: number;
  above?: boolean;
  max?: number;
  integer?: boolean;
}

export function numberOption(
  owner: string,
  name: string,
  value: number | undefined,
  fallback: number,
  range: NumberRange,
): number {
  if (value === undefined) return fallback;
  const { min, above = false, max = Infinity, integer = false } = range;
  const fits =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    (above ? value > min : value >= min) &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!fits) {
    const kind = integer ? "an integer" : "a number";
    const upper = max === Infinity ? "" : ` and <= ${max}`;
    throw new TypeError(
      `${owner} option ${name} must be ${kind} ${above ? ">" : ">="} ${min}${upper}, not ${String(value)}.`,
    );
  }
  return value;
}
