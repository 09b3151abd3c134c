/**
 * After a Join, wait until Describe* shows the membership (ECS is eventually consistent). The
 * first read is immediate, so the common path costs one read. If the membership does not
 * show in time, create fails as a partial create: Pulumi records the resource, so the
 * membership that may exist is not orphaned, and the message says what to do. While an
 * endpoint that answered before does not answer, the wait goes on to the create's deadline.
 * The wait is reported to the operation's progress.
 */

import type { BackoffOptions } from "../resilience/backoff";
import { pollUntil, type Observation } from "../resilience/poll";
import { formatDuration } from "../schema/durations";
import { classify, errorText } from "../errors/failure";
import { describeTarget, type MembershipRef } from "../schema/model";
import type { ReadDeps } from "./target-read";

/** Longest wait for a new membership to show, ms (bounded also by the create deadline). */
export const CONFIRM_WINDOW_MS = 2 * 60_000;
const CONFIRM_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 5_000 };

type Confirmation =
  { ok: true; groups: string[] } | { ok: false; reason: string; lastGroups: string[] };

/** Poll until the group shows on the target; returns the target's groups, or a reason why not. */
export async function confirmVisible(
  subject: MembershipRef,
  deps: ReadDeps,
  deadline: number,
): Promise<Confirmation> {
  const { clock, reader } = deps;
  const started = clock.now();
  const windowEnd = Math.min(deadline, started + CONFIRM_WINDOW_MS);
  let outage = false;
  let lastSeen = "it was not listed";
  let lastGroups: string[] = [];
  const action =
    subject.target.kind === "instance" ? "DescribeInstances" : "DescribeNetworkInterfaces";
  const observe = async (): Promise<Observation<Confirmation>> => {
    const observation = await observeOnce();
    if (!observation.settled)
      deps.progress?.waiting(
        outage
          ? `confirming the Join: ${action} got no answer (${lastSeen}); waiting through the outage`
          : `confirming the Join: ${action} does not show the membership yet (${lastSeen}; ECS reads can lag writes)`,
        until(),
      );
    return observation;
  };
  const observeOnce = async (): Promise<Observation<Confirmation>> => {
    try {
      const seen = await reader.read(subject.target);
      outage = false;
      if (seen?.securityGroupIds.includes(subject.securityGroupId)) {
        return { settled: true, value: { ok: true, groups: [...seen.securityGroupIds] } };
      }
      if (seen) {
        lastGroups = [...seen.securityGroupIds];
        lastSeen = `its groups were [${lastGroups.join(", ")}]`;
      }
    } catch (error) {
      const failure = classify("read", error);
      if (failure.class === "fatal") {
        const reason = `${failure.action} failed: ${errorText(failure)}`;
        return { settled: true, value: { ok: false, lastGroups, reason } };
      }
      lastSeen = `the last read failed with ${failure.code}`;
      outage = failure.transport && deps.health?.answered === true;
    }
    return { settled: false };
  };
  const until = () => (outage ? deadline : windowEnd);
  const settled = await pollUntil(observe, { clock, until, backoff: CONFIRM_BACKOFF });
  if (settled) return settled;
  const waited = formatDuration(clock.now() - started);
  return {
    ok: false,
    lastGroups,
    reason: `${action} did not show ${describeTarget(subject.target)} in ${subject.securityGroupId} after ${waited} (${lastSeen})`,
  };
}
