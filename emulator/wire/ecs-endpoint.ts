/**
 * The emulated ECS endpoint: the cloud it serves, the keys it accepts, the nonces it has seen,
 * the faults it injects, the answers it holds back and the log of its calls. The HTTP handlers
 * work on it; it does no HTTP.
 */
import { FaultEngine } from "../faults";
import type { EmulatedCloud } from "../model/emulated-cloud";
import type { AuthContext } from "./authenticate";
import { Delays } from "./delays";
import { NonceCache } from "./nonce-cache";
import { RequestLog } from "./request-log";
import type { KeyEntry } from "./signature";

export class EcsEndpoint {
  readonly faults = new FaultEngine();
  readonly log = new RequestLog();
  /** Answers delayed by fault rules; cancelled when the server stops. */
  readonly delays = new Delays();
  private readonly nonces = new NonceCache();

  constructor(
    readonly cloud: EmulatedCloud,
    private readonly keys: Map<string, KeyEntry>,
  ) {}

  /** Back to the fixture, the startup config, no faults and an empty log. */
  reset() {
    this.faults.clear();
    this.log.clear();
    this.cloud.reset();
  }

  /** What the signature check needs, at `nowMs`, under the config of that moment. */
  authContext(nowMs: number): AuthContext {
    return {
      keys: this.keys,
      nonces: this.nonces,
      nowMs,
      maxClockSkewMs: this.cloud.config.maxClockSkewMs,
    };
  }
}
