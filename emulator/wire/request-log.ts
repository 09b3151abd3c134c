/** Every ECS call the emulator answered, oldest first, for tests and benchmarks. */

export interface RequestLogEntry {
  time: string;
  action: string;
  method: string;
  /** Request parameters, without `Signature`, `SecurityToken` or any secret. */
  params: Record<string, string>;
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

/** The default bound: a long benchmark stays within memory, a test run never reaches it. */
export const MAX_LOG_ENTRIES = 200_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  /** Dropped at once when full: dropping one per request would move the whole array each time. */
  private readonly trimBy: number;

  /** `capacity`: entries kept at most; when full, the oldest tenth goes. */
  constructor(readonly capacity: number = MAX_LOG_ENTRIES) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError(`capacity must be a whole number >= 1, got ${capacity}`);
    }
    this.trimBy = Math.ceil(capacity / 10);
  }

  get size(): number {
    return this.entries.length;
  }

  record(entry: RequestLogEntry) {
    if (this.entries.length >= this.capacity) this.entries.splice(0, this.trimBy);
    this.entries.push(entry);
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
  }
}
