/**
 * Create: read the target, write this resource's ownership record (intent), Join, confirm.
 * The record is written before the Join and read back first, so a create that finds its own
 * record knows the membership is its own earlier run's, whichever run or process made it: an
 * interrupted `pulumi up` converges on the next plain one. A membership someone else made is
 * taken part in only as `judgeExisting` allows. The Join is sent even when the membership shows
 * (reads may lag, and the Join orders this create after a delete racing it in another process,
 * see delete.ts); "already a member" is then the expected answer.
 */

import { confirmVisible } from "./confirm";
import type { OperationDeps } from "./deps";
import { SecurityGroupMembershipError, PartialCreateError, stopError } from "./operation-errors";
import { removeRecord, writeRecord } from "./record-writes";
import { readTarget } from "./target-read";
import { runWrite } from "./write-step";
import { othersThan, ownerOf, recordKey, recordsFor, type Owner } from "../ownership/records";
import { judgeExisting, type Verdict } from "../ownership/verdict";
import { RetryStop } from "../resilience/retry";
import { withProgress } from "../resilience/retry-context";
import { timeoutFor, type Timeout } from "../schema/durations";
import { formatMembershipId } from "../schema/membership-id";
import {
  buildOutputs,
  targetKey,
  targetOf,
  type CheckedInputs,
  type MembershipOutputs,
  type MembershipRef,
} from "../schema/model";

/** The Join's retries; `undefined` when it succeeded, else why they stopped. */
async function joinStop(
  subject: MembershipRef,
  deps: OperationDeps,
  deadline: number,
): Promise<RetryStop | undefined> {
  try {
    const result = await runWrite("join", subject, "create", deps, deadline);
    if (result.kind === "ok") return undefined;
    return new RetryStop("fatal", result.failure, result.attempts, result.history);
  } catch (error) {
    if (error instanceof RetryStop) return error;
    throw error;
  }
}

const lostAnswerNote = (recorded: boolean) =>
  "An earlier JoinSecurityGroup attempt lost its answer, so the target may now be in the group: " +
  (recorded
    ? "run `pulumi up` again; this resource's ownership record on the target lets it recognise its own Join"
    : "check it; if it is, run `pulumi up` again with adoptExisting: true, or remove it outside Pulumi");

function refusal(subject: MembershipRef, reason: string) {
  return new SecurityGroupMembershipError(
    `The membership ${formatMembershipId(subject)} already exists (InvalidInstanceId.AlreadyExists) and was not taken over: ${reason}.`,
    "JoinSecurityGroup",
    "InvalidInstanceId.AlreadyExists",
    "fatal",
    undefined,
    1,
  );
}

/** The membership as this create leaves it: whether it was taken over. */
interface Claim {
  adopted: boolean;
}

async function claim(
  subject: MembershipRef,
  inputs: CheckedInputs,
  owner: Owner | undefined,
  deps: OperationDeps,
  deadline: number,
  timeout: Timeout,
): Promise<Claim> {
  const before = owner ? await readTarget(subject, "create", deps, deadline) : null;
  const mineBefore =
    !!owner && !!before && recordKey(subject.securityGroupId, owner) in before.tags;
  const judge = (tags: Record<string, string>, madeForThis: boolean): Verdict =>
    judgeExisting(recordsFor(tags, subject.securityGroupId), owner, {
      adoptExisting: inputs.adoptExisting,
      madeForThis,
    });
  let early: Verdict | undefined;
  if (!mineBefore && before?.securityGroupIds.includes(subject.securityGroupId)) {
    early = judge(before.tags, false);
    if (!early.ok) throw refusal(subject, early.reason);
  }
  // A target that is not there gets no record: the Join says what is wrong.
  const recorded =
    owner && before ? mineBefore || (await writeRecord(subject, owner, deps, deadline)) : false;
  const dropRecord = async () => {
    if (!owner || !recorded || mineBefore) return;
    await removeRecord(subject, owner, "create", deps, deadline).catch((error: unknown) =>
      deps.notify?.(
        `${formatMembershipId(subject)}: could not remove the ownership record this failed create wrote ` +
          `(${error instanceof Error ? error.message : String(error)}); remove tag ` +
          `${recordKey(subject.securityGroupId, owner)} from the target if the resource is not declared again`,
      ),
    );
  };
  const stop = await joinStop(subject, deps, deadline);
  // A Join that succeeded after an early verdict took part in a membership that then went.
  if (!stop) return { adopted: early?.ok === true && early.adopted };
  const answerLost = stop.history.some((f) => f.outcomeUnknown);
  if (stop.reason !== "fatal" || stop.failure.group !== "already-member") {
    // A Join that may have landed keeps its record: the next run recognises it. One that
    // surely did not (refused, or never accepted before the deadline) leaves nothing behind.
    if (!answerLost) await dropRecord();
    throw stopError(subject, stop, timeout, answerLost ? lostAnswerNote(recorded) : undefined);
  }
  if (answerLost || mineBefore) return { adopted: false };
  let verdict = early;
  if (!verdict) {
    // Absent at the read before, joined by the time of the Join, and this record went out
    // first: with no other owner's record, the Join that landed was made for this record (a
    // delete racing in another process joins again for the owners it sees), so it is its own.
    const now = owner ? await readTarget(subject, "create", deps, deadline) : null;
    const tags = now?.tags ?? {};
    const othersNow = othersThan(recordsFor(tags, subject.securityGroupId), owner);
    verdict = judge(tags, recorded && othersNow.length === 0);
  }
  if (!verdict.ok) {
    await dropRecord();
    throw owner ? refusal(subject, verdict.reason) : stopError(subject, stop, timeout);
  }
  return { adopted: verdict.adopted };
}

/** Claim, then confirm. Registered as a Join in flight for the target until it settles. */
export function createMembership(
  inputs: CheckedInputs,
  deps: OperationDeps,
): Promise<{ id: string; outs: MembershipOutputs }> {
  const work = async () => {
    const target = targetOf(inputs);
    const subject: MembershipRef = { target, securityGroupId: inputs.securityGroupId };
    const timeout = timeoutFor("create", inputs.timeouts, deps.timeout);
    const deadline = deps.clock.now() + timeout.ms;
    const id = formatMembershipId(subject);
    const opDeps = withProgress(deps, id, "create", deadline, timeout.name);
    const owner = inputs.owner ? ownerOf(inputs.owner) : undefined;
    let claimed: Claim;
    try {
      claimed = await claim(subject, inputs, owner, opDeps, deadline, timeout);
    } catch (error) {
      throw error instanceof RetryStop ? stopError(subject, error, timeout) : error;
    }
    const seen = await confirmVisible(subject, opDeps, deadline);
    const outs = buildOutputs(inputs, {
      adopted: claimed.adopted,
      targetSecurityGroupIds: seen.ok ? seen.groups : seen.lastGroups,
    });
    if (!seen.ok) {
      const message =
        `JoinSecurityGroup succeeded for ${id}${claimed.adopted ? " (adopted)" : ""}, but the membership could not be ` +
        `confirmed: ${seen.reason}. The resource is recorded in the stack; run \`pulumi refresh\` to check it.`;
      throw new PartialCreateError(message, id, { ...outs, __provider: inputs.__provider }, [
        message,
      ]);
    }
    return { id, outs };
  };
  return deps.coordinator.trackJoin(targetKey(targetOf(inputs)), work());
}
