/**
 * The emulated ECS endpoint: the cloud it serves, the keys it accepts, the nonces it has seen,
 * the faults it injects and the log of its calls. The HTTP handlers work on it; it does no HTTP.
 */
import { FaultEngine } from "../faults";
import type { EmulatedCloud } from "../model/emulated-cloud";
import { RequestLog } from "./request-log";
import { type AuthContext, type KeyEntry, NonceCache } from "./signature";

export class EcsEndpoint {
  readonly faults = new FaultEngine();
  readonly log = new RequestLog();
  private readonly nonces: NonceCache;

  constructor(
    readonly cloud: EmulatedCloud,
    private readonly keys: Map<string, KeyEntry>,
  ) {
    // A nonce must be remembered as long as a request carrying it could still be on time.
    this.nonces = new NonceCache(2 * cloud.config.maxClockSkewMs);
  }

  /** Back to the fixture, the startup config, no faults and an empty log. */
  reset() {
    this.faults.clear();
    this.log.clear();
    this.cloud.reset();
  }

  /** What the signature check needs, at `nowMs`. */
  authContext(nowMs: number): AuthContext {
    return {
      keys: this.keys,
      nonces: this.nonces,
      nowMs,
      maxClockSkewMs: this.cloud.config.maxClockSkewMs,
    };
  }
}
