/**
 * Delete: read the owners' records. If another owner declares the membership, remove only this
 * resource's record and read again (that owner may be deleting too): while one remains, the
 * membership stays and the user is told. Else Leave, then remove the record (it outlives the
 * membership, as create writes it first) while reading once more: an owner whose record
 * appeared meanwhile (a create racing this delete in another process, which writes its record
 * before its Join) gets the membership back, and if that record goes again, it is left again.
 */

import type { OperationDeps } from "./deps";
import { stopError } from "./operation-errors";
import { removeRecord } from "./record-writes";
import { readTarget } from "./target-read";
import { runWrite } from "./write-step";
import {
  othersThan,
  ownerOf,
  ownersText,
  recordsFor,
  type Owner,
  type OwnerRecord,
} from "../ownership/records";
import { RetryStop } from "../resilience/retry";
import { withProgress } from "../resilience/retry-context";
import { timeoutFor } from "../schema/durations";
import { parseMembershipId } from "../schema/membership-id";
import { targetKey, type MembershipRef } from "../schema/model";

/** Leave; already absent is success. The last group is fatal unless a Join for the target is in flight. */
async function leave(subject: MembershipRef, deps: OperationDeps, deadline: number): Promise<void> {
  for (;;) {
    try {
      await runWrite("leave", subject, "delete", deps, deadline);
      return;
    } catch (error) {
      if (!(error instanceof RetryStop)) throw error;
      const joins = deps.coordinator.joinsInFlight(targetKey(subject.target));
      if (error.failure.group === "last-group" && joins.length > 0 && deps.clock.now() < deadline) {
        deps.progress?.waiting(
          `waiting for ${joins.length} Join${joins.length === 1 ? "" : "s"} in flight for the target before leaving its last group`,
        );
        await Promise.all(joins);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Join for the other owners; someone else's Join landing first is as good. (Classified as a
 * delete: a target or group that has gone meanwhile is nothing left to do.)
 */
async function rejoin(subject: MembershipRef, deps: OperationDeps, deadline: number) {
  try {
    await runWrite("join", subject, "delete", deps, deadline);
  } catch (error) {
    if (!(error instanceof RetryStop && error.failure.group === "already-member")) throw error;
  }
}

async function othersOn(
  subject: MembershipRef,
  owner: Owner | undefined,
  deps: OperationDeps,
  deadline: number,
) {
  const seen = await readTarget(subject, "delete", deps, deadline);
  if (!seen) return { gone: true, others: [] };
  const others = othersThan(recordsFor(seen.tags, subject.securityGroupId), owner);
  return { gone: false, others };
}

async function removeUnlessShared(
  id: string,
  subject: MembershipRef,
  owner: Owner | undefined,
  deps: OperationDeps,
  deadline: number,
): Promise<void> {
  const removeMine = async () => {
    if (owner && deps.records.mayRemove)
      await removeRecord(subject, owner, "delete", deps, deadline);
  };
  /**
   * After the Leave: while other owners' records show, the membership is joined again for them
   * (reads may lag, so whatever the groups show); if they go again (an owner that was deleting
   * too), it is left again; until a read agrees with the last write.
   */
  const settleForOthers = async (first: OwnerRecord[]) => {
    let others = first;
    let joinedForOthers = false;
    while (others.length > 0 !== joinedForOthers) {
      if (others.length > 0) {
        deps.notify?.(
          `${id}: ${ownersText(others)} declared the membership while it was being removed; joining it again for them`,
        );
        await rejoin(subject, deps, deadline);
      } else {
        await leave(subject, deps, deadline);
      }
      joinedForOthers = others.length > 0;
      others = (await othersOn(subject, owner, deps, deadline)).others;
    }
  };
  const before = await othersOn(subject, owner, deps, deadline);
  if (before.gone) return;
  if (before.others.length > 0) {
    await removeMine();
    // Another owner may be deleting at this very moment: read again after removing this record.
    const now = await othersOn(subject, owner, deps, deadline);
    if (now.gone) return;
    if (now.others.length > 0) {
      const n = now.others.length;
      const mine = owner ? "removed only this resource's record" : "this resource had no record";
      // (Not joined again if it has gone: that owner may be in the middle of its own delete.)
      deps.notify?.(
        `${id}: kept the membership, which ${ownersText(now.others)} still declare${n === 1 ? "s" : ""}; ${mine}`,
      );
      return;
    }
  }
  await leave(subject, deps, deadline);
  const [removed, after] = await Promise.allSettled([
    removeMine(),
    othersOn(subject, owner, deps, deadline),
  ]);
  if (after.status === "rejected") throw after.reason;
  await settleForOthers(after.value.others);
  if (removed.status === "rejected") throw removed.reason;
}

/** Delete a stored membership: its ID names region, target and group; `props.owner` its record. */
export async function deleteMembership(
  id: string,
  props: Record<string, unknown>,
  deps: OperationDeps,
): Promise<void> {
  const subject = parseMembershipId(id);
  const timeouts =
    props.timeouts && typeof props.timeouts === "object" ? props.timeouts : undefined;
  const timeout = timeoutFor("delete", timeouts as Parameters<typeof timeoutFor>[1], deps.timeout);
  const owner = typeof props.owner === "string" ? ownerOf(props.owner) : undefined;
  const deadline = deps.clock.now() + timeout.ms;
  try {
    const opDeps = withProgress(deps, id, "delete", deadline, timeout.name);
    await removeUnlessShared(id, subject, owner, opDeps, deadline);
  } catch (error) {
    throw error instanceof RetryStop ? stopError(subject, error, timeout) : error;
  }
}
