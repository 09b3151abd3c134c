/**
 * The ECS call log (env `SG_MEMBERSHIP_LOG_ECS_CALLS=true`): one line per HTTP call with the
 * action, the IDs it names, the attempt, the HTTP status, the ECS code, the RequestId and the
 * duration. Only the ID parameters below are ever read from a request: no credential, token,
 * signature or header can reach a line.
 */

import { toEcsError } from "./ecs-error";
import { currentAttempt } from "./attempt-scope";

export type CallLog = (line: string) => void;

/** The wire parameters a line shows, in this order. */
const ID_PARAMS = [
  "RegionId",
  "InstanceId",
  "InstanceIds",
  "NetworkInterfaceId",
  "ResourceId",
  "SecurityGroupId",
];
const MAX_IDS_SHOWN = 3;

function idsOf(value: unknown): string[] {
  if (typeof value === "string" && value.startsWith("[")) {
    try {
      return idsOf(JSON.parse(value));
    } catch {
      return [value];
    }
  }
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" ? [value] : [];
}

/** `cn-hangzhou i-1 sg-1`, with long ID lists cut (`i-1 i-2 i-3 +97 more`). */
export function requestIds(query: Record<string, unknown>): string {
  return ID_PARAMS.flatMap((name) => {
    const ids = idsOf(query[name]);
    const shown = ids.slice(0, MAX_IDS_SHOWN);
    return ids.length > MAX_IDS_SHOWN ? [...shown, `+${ids.length - MAX_IDS_SHOWN} more`] : shown;
  }).join(" ");
}

/** Runs one call, logging it to `log`, and returns (or throws) what it did. */
export async function loggedCall<T extends { statusCode?: number; body?: unknown }>(
  log: CallLog,
  action: string,
  query: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  const attempt = currentAttempt();
  const head = `ecs: ${action} ${requestIds(query)}${attempt ? ` attempt ${attempt}` : ""}`;
  const started = performance.now();
  const took = () => `${Math.round(performance.now() - started)}ms`;
  try {
    const answer = await run();
    const body = answer.body as { RequestId?: unknown } | undefined;
    log(
      `${head}: HTTP ${answer.statusCode ?? "?"} OK, RequestId ${String(body?.RequestId ?? "none")}, ${took()}`,
    );
    return answer;
  } catch (error) {
    const e = toEcsError(action, error);
    const answer = e.transport
      ? `no answer (${e.code})`
      : `HTTP ${e.status ?? "?"} ${e.code}, RequestId ${e.requestId ?? "none"}`;
    log(`${head}: ${answer}, ${took()}`);
    throw error;
  }
}
