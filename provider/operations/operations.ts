/**
 * The provider's operations over an `EcsApi`, free of Pulumi plumbing:
 *
 * | operation | ECS calls |
 * | --- | --- |
 * | check, diff | none (`../schema/validation.ts`, `../schema/diff.ts`) |
 * | create | `JoinSecurityGroup`, then `DescribeInstances`/`DescribeNetworkInterfaces` (batched) until the membership shows |
 * | read | `DescribeInstances`/`DescribeNetworkInterfaces` (batched, up to 100 targets per call) |
 * | update | none: rewrites outputs |
 * | delete | `LeaveSecurityGroup` |
 *
 * Wait-for-state failures also poll `DescribeInstanceAttribute`/`DescribeNetworkInterfaceAttribute`.
 */

import type { Clock } from "../resilience/clock";
import { confirmVisible } from "./confirm";
import type { TargetCoordinator } from "../concurrency/coordination";
import { timeoutFor } from "../schema/durations";
import type { EcsApi } from "../ecs/ecs-api";
import { classify } from "../errors/failure";
import { formatMembershipId, parseMembershipId } from "../schema/membership-id";
import {
  buildOutputs,
  targetKey,
  targetOf,
  type CheckedInputs,
  type MembershipOutputs,
  type MembershipRef,
} from "../schema/model";
import { RetryStop, withRetries } from "../resilience/retry";
import type { TargetReader } from "../concurrency/target-reader";
import { PartialCreateError, stopError } from "./operation-errors";
import { runWrite } from "./write-step";

export interface OperationDeps {
  api: EcsApi;
  reader: TargetReader;
  coordinator: TargetCoordinator;
  clock: Clock;
  /**
   * Recovery mode (env `SG_MEMBERSHIP_ADOPT_EXISTING=true` for one run after an interrupted
   * `pulumi up`): every create adopts a membership that already exists.
   */
  adoptAll?: boolean;
}

const LOST_ANSWER_NOTE =
  "An earlier JoinSecurityGroup attempt lost its answer, so the target may now be in the group: " +
  "check it; if it is, run `pulumi up` again with adoptExisting: true, or remove it outside Pulumi";

/** The Join's retries; `undefined` when it succeeded, else why they stopped ("gone" is fatal on create). */
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

/** Join, then confirm. Registered as a Join in flight for the target until it settles. */
export function createMembership(
  inputs: CheckedInputs,
  deps: OperationDeps,
): Promise<{ id: string; outs: MembershipOutputs }> {
  const work = async () => {
    const target = targetOf(inputs);
    const subject: MembershipRef = { target, securityGroupId: inputs.securityGroupId };
    const ms = timeoutFor("create", inputs.timeouts);
    const deadline = deps.clock.now() + ms;
    let adopted = false;
    const stop = await joinStop(subject, deps, deadline);
    if (stop) {
      const answerLost = stop.history.some((f) => f.outcomeUnknown);
      if (
        stop.reason === "fatal" &&
        stop.failure.group === "already-member" &&
        (answerLost || inputs.adoptExisting || deps.adoptAll)
      ) {
        // Decision 3: our own earlier Join landed (not adopted), or the user opted in.
        adopted = !answerLost;
      } else {
        throw stopError(subject, stop, "create", ms, answerLost ? LOST_ANSWER_NOTE : undefined);
      }
    }
    const id = formatMembershipId(subject);
    const seen = await confirmVisible(subject, deps.reader, deps.clock, deadline);
    const outs = buildOutputs(inputs, {
      adopted,
      targetSecurityGroupIds: seen.ok ? seen.groups : seen.lastGroups,
    });
    if (!seen.ok) {
      const message =
        `JoinSecurityGroup succeeded for ${id}${adopted ? " (adopted)" : ""}, but the membership could not be ` +
        `confirmed: ${seen.reason}. The resource is recorded in the stack; run \`pulumi refresh\` to check it.`;
      throw new PartialCreateError(message, id, { ...outs, __provider: inputs.__provider }, [
        message,
      ]);
    }
    return { id, outs };
  };
  return deps.coordinator.trackJoin(targetKey(targetOf(inputs)), work());
}

/** The checked inputs a stored membership stands for (its ID names region, target and group). */
function inputsFromState(id: string, props: Record<string, unknown>): CheckedInputs {
  const { target, securityGroupId } = parseMembershipId(id);
  const timeouts =
    props.timeouts && typeof props.timeouts === "object" ? props.timeouts : undefined;
  return {
    securityGroupId,
    ...(target.kind === "instance" ? { instanceId: target.id } : { networkInterfaceId: target.id }),
    regionId: target.regionId,
    adoptExisting: props.adoptExisting === true,
    ...(timeouts ? { timeouts: timeouts as CheckedInputs["timeouts"] } : {}),
  };
}

/** Refresh (and `get`): gone when the target or its membership no longer exists. */
export async function readMembership(
  id: string,
  props: Record<string, unknown>,
  deps: OperationDeps,
): Promise<{ id: string; props: MembershipOutputs | Record<string, never> }> {
  const inputs = inputsFromState(id, props);
  const subject: MembershipRef = {
    target: targetOf(inputs),
    securityGroupId: inputs.securityGroupId,
  };
  const ms = timeoutFor("read", inputs.timeouts);
  try {
    const result = await withRetries(
      async () => {
        try {
          return { ok: true as const, value: await deps.reader.read(subject.target, "refresh") };
        } catch (error) {
          return { ok: false as const, failure: classify("read", error) };
        }
      },
      { clock: deps.clock, deadline: deps.clock.now() + ms },
    );
    const seen = result.kind === "ok" ? result.value : null;
    if (!seen || !seen.securityGroupIds.includes(subject.securityGroupId))
      return { id: "", props: {} };
    const adopted = props.adopted === true;
    return {
      id,
      props: buildOutputs(inputs, { adopted, targetSecurityGroupIds: seen.securityGroupIds }),
    };
  } catch (error) {
    throw error instanceof RetryStop ? stopError(subject, error, "read", ms) : error;
  }
}

/** Only settings or the shim changed: rewrite outputs, no API call. */
export function updateMembership(
  olds: Record<string, unknown>,
  news: CheckedInputs,
): { outs: MembershipOutputs } {
  const groups = Array.isArray(olds.targetSecurityGroupIds) ? olds.targetSecurityGroupIds : [];
  return {
    outs: buildOutputs(news, {
      adopted: olds.adopted === true,
      targetSecurityGroupIds: groups.filter((g): g is string => typeof g === "string"),
    }),
  };
}

/** Leave; already absent is success. The last group is fatal unless a Join for the target is in flight. */
export async function deleteMembership(
  id: string,
  props: Record<string, unknown>,
  deps: OperationDeps,
): Promise<void> {
  const inputs = inputsFromState(id, props);
  const subject: MembershipRef = {
    target: targetOf(inputs),
    securityGroupId: inputs.securityGroupId,
  };
  const ms = timeoutFor("delete", inputs.timeouts);
  const deadline = deps.clock.now() + ms;
  for (;;) {
    try {
      await runWrite("leave", subject, "delete", deps, deadline);
      return;
    } catch (error) {
      if (!(error instanceof RetryStop)) throw error;
      const joins = deps.coordinator.joinsInFlight(targetKey(subject.target));
      if (error.failure.group === "last-group" && joins.length > 0 && deps.clock.now() < deadline) {
        await Promise.all(joins);
        continue;
      }
      throw stopError(subject, error, "delete", ms);
    }
  }
}
