/**
 * Waiting for a target's state (the wait-for-state class): poll DescribeInstanceAttribute or
 * DescribeNetworkInterfaceAttribute until the instance is Running or Stopped (an ENI Available
 * or InUse). Fatal when it settles in a state that cannot change by waiting (locked, expired,
 * an unknown status); gone when it disappears.
 */

import { POLL_BACKOFF } from "../resilience/backoff";
import { pollUntil, type Observation } from "../resilience/poll";
import type { RetryDeps } from "../resilience/retry-context";
import type { EcsApi, TargetStatus } from "../ecs/ecs-api";
import { classify, type Failure } from "../errors/failure";
import { describeTarget, type TargetRef } from "../schema/model";
import type { WaitVerdict } from "../resilience/retry";

/** States in which Join and Leave are accepted. */
export const READY_STATES = {
  instance: ["Running", "Stopped"],
  networkInterface: ["Available", "InUse"],
} as const;

/** States that pass by themselves (ENI `Deleting` ends in the ENI being gone). */
export const TRANSITIONAL_STATES = {
  instance: ["Pending", "Starting", "Stopping"],
  networkInterface: ["Attaching", "Detaching", "Creating", "Deleting"],
} as const;

/** Lock reasons that waiting will not clear. */
const BLOCKING_LOCKS = ["security", "financial", "recycling", "refunded", "dedicatedhostfinancial"];

/** Judge one observed status. */
export function judgeStatus(target: TargetRef, observed: TargetStatus): WaitVerdict | "waiting" {
  const name = describeTarget(target);
  const lock = observed.locks.find((l) => BLOCKING_LOCKS.includes(l.toLowerCase()));
  if (lock) {
    return {
      kind: "fatal",
      reason: `${name} is locked (${lock}); waiting will not clear the lock`,
    };
  }
  if ((READY_STATES[target.kind] as readonly string[]).includes(observed.status)) {
    return { kind: "ready" };
  }
  if ((TRANSITIONAL_STATES[target.kind] as readonly string[]).includes(observed.status)) {
    return "waiting";
  }
  return {
    kind: "fatal",
    reason: `${name} is in state ${JSON.stringify(observed.status)}, which waiting will not change`,
  };
}

/**
 * Poll until the target is ready, gone, stuck, or the deadline passes; `cause` is the answer
 * that started the wait, named in the operation's progress lines.
 */
export async function waitForTargetState(
  deps: RetryDeps & { api: EcsApi },
  target: TargetRef,
  deadline: number,
  cause: Failure,
): Promise<WaitVerdict> {
  const { api, clock } = deps;
  let lastSeen = "not yet observed";
  let lastPollFailure: string | undefined;
  const observe = async (): Promise<Observation<WaitVerdict>> => {
    const observation = await observeOnce();
    if (!observation.settled) {
      const state = lastPollFailure
        ? `to be ready (its last state poll failed with ${lastPollFailure})`
        : `to leave state ${lastSeen}`;
      deps.progress?.waiting(
        `waiting for ${describeTarget(target)} ${state} (${cause.action} answered ${cause.code})`,
      );
    }
    return observation;
  };
  const observeOnce = async (): Promise<Observation<WaitVerdict>> => {
    try {
      const observed =
        target.kind === "instance"
          ? await api.describeInstanceAttribute(target)
          : await api.describeNetworkInterfaceAttribute(target);
      lastSeen = observed.status;
      lastPollFailure = undefined;
      const verdict = judgeStatus(target, observed);
      return verdict === "waiting" ? { settled: false } : { settled: true, value: verdict };
    } catch (error) {
      const failure = classify("read", error);
      if (failure.class === "gone") return { settled: true, value: { kind: "gone" } };
      if (failure.class === "fatal") {
        const reason = `${failure.action} failed while waiting: ${failure.code}: ${failure.detail}`;
        return { settled: true, value: { kind: "fatal", reason } };
      }
      lastSeen = `unknown (${failure.code})`;
      lastPollFailure = failure.code;
      return { settled: false };
    }
  };
  const settled = await pollUntil(observe, { clock, until: deadline, backoff: POLL_BACKOFF });
  return (
    settled ?? {
      kind: "deadline",
      reason: `${describeTarget(target)} was still in state ${lastSeen} when time ran out`,
    }
  );
}
