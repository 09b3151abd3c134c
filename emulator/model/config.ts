/** The limits and timings of the emulated cloud, changeable at run time through the control API. */

export interface EmulatorConfig {
  /** Groups one instance or ENI may be in. Default 5. */
  maxGroupsPerTarget: number;
  /** How long Pending, Starting, Stopping (instances) and Attaching, Detaching (ENIs) last, ms. */
  transitionMs: number;
  /** How long after a write the Describe* actions still show the old membership, ms. */
  consistencyLagMs: number;
  /** Accepted clock skew of signed requests, ms (read by the wire's signature check). Default 15 minutes. */
  maxClockSkewMs: number;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  maxGroupsPerTarget: 5,
  transitionMs: 2000,
  consistencyLagMs: 0,
  maxClockSkewMs: 15 * 60 * 1000,
};
