/**
 * Replay protection: the signature nonces seen, for as long as a replay could still pass the
 * timestamp check, and never more than `capacity` of them.
 */
import { createHash } from "node:crypto";

/** The default bound: about 25 MB of nonces; 110 requests a second for 30 minutes fill it. */
export const MAX_NONCES = 200_000;

export class NonceCache {
  /** Digest of key and nonce, to when it arrived (ms), oldest first. */
  private readonly seen = new Map<string, number>();
  /**
   * How long a nonce is kept after it arrived: twice the largest clock skew configured so far. A
   * request may be dated that skew before or after its arrival, and a replay passes the timestamp
   * check for that skew after its date. The largest, so that lowering the skew and raising it again
   * does not let a forgotten nonce through.
   */
  private retentionMs = 0;

  /** `capacity`: nonces kept at most; when full, the oldest is forgotten. */
  constructor(readonly capacity: number = MAX_NONCES) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError(`capacity must be a whole number >= 1, got ${capacity}`);
    }
  }

  get size(): number {
    return this.seen.size;
  }

  /** Records the nonce under the current `maxClockSkewMs`; false if it was seen before. */
  remember(key: string, nowMs: number, maxClockSkewMs: number): boolean {
    this.retentionMs = Math.max(this.retentionMs, 2 * maxClockSkewMs);
    this.sweep(nowMs);
    // A digest: a nonce is as long as the caller likes, a digest is 44 characters.
    const digest = createHash("sha256").update(key).digest("base64");
    if (this.seen.has(digest)) return false;
    if (this.seen.size >= this.capacity) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(digest, nowMs);
    return true;
  }

  /** Drops expired nonces from the front, stopping at the first live one: O(1) amortized. */
  private sweep(nowMs: number) {
    for (const [digest, arrived] of this.seen) {
      if (nowMs - arrived <= this.retentionMs) break;
      this.seen.delete(digest);
    }
  }
}
