/**
 * Every ECS call the emulator answered, oldest first, for tests and benchmarks. Bounded twice: by
 * entries and by bytes, with long values cut when recorded, so that large or many calls cannot
 * make it hold more than its bound.
 */
import { dictionary } from "./dictionary";

export interface RequestLogEntry {
  time: string;
  action: string;
  method: string;
  /** Request parameters, without `Signature`, `SecurityToken` or any secret. */
  params: Record<string, string>;
  /** Parameters beyond the first `MAX_LOGGED_PARAMS`, not logged. */
  paramsDropped?: number;
  signature: "ACS3-HMAC-SHA256" | "HMAC-SHA1" | "none";
  accessKeyId?: string;
  status: number;
  code?: string;
  requestId: string;
  /** The id of the fault rule that shaped this answer, if any. */
  fault?: string;
  durationMs: number;
}

export interface RequestLogFilter {
  /** Only entries of this action. */
  action?: string;
  /** Only entries whose `time` is this ISO 8601 time or later. */
  since?: string;
}

/** The default bound on entries: a long benchmark stays within memory, a test run never reaches it. */
export const MAX_LOG_ENTRIES = 200_000;
/** The default bound on bytes (entries as JSON, 64 MiB): about 190,000 calls of the usual size. */
export const MAX_LOG_BYTES = 64 << 20;
/**
 * Characters kept of a parameter value, an action name or any other string; the rest is cut.
 * Enough for the longest value a client sends for real: 100 IDs as a JSON list (`InstanceIds`).
 */
export const MAX_LOGGED_VALUE_CHARS = 4096;
/** Parameters kept per entry. */
export const MAX_LOGGED_PARAMS = 100;

/**
 * A copy of the first characters, never a slice: a slice of a 1 MB string keeps all of it alive.
 * The marker says how long the value was.
 */
function cut(value: string): string {
  if (value.length <= MAX_LOGGED_VALUE_CHARS) return value;
  const head = Buffer.from(value.slice(0, MAX_LOGGED_VALUE_CHARS)).toString();
  return `${head}...[${value.length} characters]`;
}

function compact(entry: RequestLogEntry): RequestLogEntry {
  const params = Object.entries(entry.params);
  const dropped = params.length - MAX_LOGGED_PARAMS;
  const kept: RequestLogEntry = {
    ...entry,
    action: cut(entry.action),
    method: cut(entry.method),
    params: dictionary(params.slice(0, MAX_LOGGED_PARAMS).map(([k, v]) => [cut(k), cut(v)])),
  };
  if (dropped > 0) kept.paramsDropped = dropped;
  for (const field of ["accessKeyId", "code", "fault"] as const) {
    const value = entry[field];
    if (value !== undefined) kept[field] = cut(value);
  }
  return kept;
}

function wholeNumber(name: string, value: number) {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a whole number >= 1, got ${value}`);
  }
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  /** The JSON length of each entry, beside it. */
  private sizes: number[] = [];
  private totalBytes = 0;

  /**
   * `capacity`: entries kept at most; `maxBytes`: their JSON length at most. When either is reached
   * the oldest go: a tenth of the entries, or enough to leave a tenth of the bytes free (dropping
   * one per request would move the whole array each time).
   */
  constructor(
    readonly capacity: number = MAX_LOG_ENTRIES,
    readonly maxBytes: number = MAX_LOG_BYTES,
  ) {
    wholeNumber("capacity", capacity);
    wholeNumber("maxBytes", maxBytes);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The JSON length of the entries held. */
  get bytes(): number {
    return this.totalBytes;
  }

  record(entry: RequestLogEntry) {
    const kept = compact(entry);
    const bytes = JSON.stringify(kept).length;
    if (this.entries.length >= this.capacity) this.drop(Math.ceil(this.capacity / 10));
    if (this.totalBytes + bytes > this.maxBytes) this.dropBytes(this.maxBytes * 0.9 - bytes);
    this.entries.push(kept);
    this.sizes.push(bytes);
    this.totalBytes += bytes;
  }

  /** The entries that match `filter`, oldest first; an empty filter field matches everything. */
  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const { action, since } = filter;
    return this.entries.filter(
      (e) => (!action || e.action === action) && (!since || e.time >= since),
    );
  }

  clear() {
    this.entries = [];
    this.sizes = [];
    this.totalBytes = 0;
  }

  /** Drops the oldest entries until at most `target` bytes are held. */
  private dropBytes(target: number) {
    let bytes = this.totalBytes;
    let count = 0;
    while (count < this.sizes.length && bytes > target) bytes -= this.sizes[count++];
    this.drop(count);
  }

  private drop(count: number) {
    this.entries.splice(0, count);
    for (const bytes of this.sizes.splice(0, count)) this.totalBytes -= bytes;
  }
}
