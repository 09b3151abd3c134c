/**
 * The one error type that leaves the ECS adapter: a plain object-like error with the ECS code,
 * HTTP status, RequestId, `x-acs-retry-after` and whether it failed in transport. SDK error
 * objects never travel further (they hold request internals).
 */

/** Codes the adapter gives failures that have no ECS code (transport, local). */
export const LOCAL_CODES = {
  /** The SDK's `RequestTimeoutError` while connecting: the request was never sent. */
  connectTimeout: "ConnectTimeout",
  /** The SDK's `RequestTimeoutError` while waiting for the answer. */
  readTimeout: "ReadTimeout",
  /** A 5xx (or 2xx) body that is not JSON, e.g. a gateway's HTML page: a raw `SyntaxError`. */
  nonJson: "NonJsonResponse",
  /** The credential chain found nothing. */
  noCredentials: "CredentialsUnavailable",
  /** Anything else thrown inside the SDK. */
  client: "ClientInternal",
} as const;

export class EcsError extends Error {
  override name = "EcsError";
  constructor(
    /** The ECS action, e.g. `JoinSecurityGroup`. */
    readonly action: string,
    /** The ECS code (`Throttling.User`), or a transport code (`ECONNRESET`, `ReadTimeout`). */
    readonly code: string,
    /** What ECS (or the socket) said. */
    readonly detail: string,
    readonly extra: {
      status?: number;
      requestId?: string;
      /** `x-acs-retry-after`, milliseconds. */
      retryAfterMs?: number;
      /** True when no ECS answer was received (reset, refused, timeout, non-JSON body). */
      transport?: boolean;
    } = {},
  ) {
    super(`${action}: ${code}: ${detail}`);
  }
  get status(): number | undefined {
    return this.extra.status;
  }
  get requestId(): string | undefined {
    return this.extra.requestId;
  }
  get retryAfterMs(): number | undefined {
    return this.extra.retryAfterMs;
  }
  get transport(): boolean {
    return this.extra.transport === true;
  }
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  retryAfter?: unknown;
  message?: unknown;
  data?: { Message?: unknown; RequestId?: unknown };
}

const ECS_ERROR_NAMES = ["ThrottlingError", "ClientError", "ServerError"];

/** Map anything the SDK throws to an `EcsError` (section 2.3 of the ECS reference). */
export function toEcsError(action: string, error: unknown): EcsError {
  if (error instanceof EcsError) return error;
  const e = (error ?? {}) as SdkErrorShape;
  const name = typeof e.name === "string" ? e.name : "";
  // The SDK glues the request line onto transport messages ("...127.0.0.1:1POST http://...").
  const message = (typeof e.message === "string" ? e.message : String(error))
    .replace(/(\S)((?:GET|POST) https?:\/\/)/, "$1 ($2")
    .replace(/ failed\.$/, " failed)");
  if (ECS_ERROR_NAMES.includes(name) && typeof e.code === "string") {
    const requestId = [e.requestId, e.data?.RequestId].find(
      (v): v is string => typeof v === "string" && v !== "" && v !== "undefined",
    );
    const retryAfter = Number(e.retryAfter);
    return new EcsError(action, e.code, String(e.data?.Message ?? message), {
      status: typeof e.statusCode === "number" ? e.statusCode : undefined,
      requestId,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    });
  }
  if (name === "RequestTimeoutError") {
    const code = /^ConnectTimeout/.test(message)
      ? LOCAL_CODES.connectTimeout
      : LOCAL_CODES.readTimeout;
    return new EcsError(action, code, message, { transport: true });
  }
  if (error instanceof SyntaxError) {
    return new EcsError(action, LOCAL_CODES.nonJson, `answer is not JSON (${message})`, {
      transport: true,
    });
  }
  if (typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code)) {
    return new EcsError(action, e.code, message, { transport: true });
  }
  if (/socket hang up/i.test(message)) {
    return new EcsError(action, "ECONNRESET", message, { transport: true });
  }
  if (/unable to get credentials|credentials? (?:is|are) (?:empty|invalid)/i.test(message)) {
    return new EcsError(action, LOCAL_CODES.noCredentials, message);
  }
  if (typeof e.code === "string" && e.code !== "") {
    return new EcsError(action, e.code, message);
  }
  return new EcsError(action, LOCAL_CODES.client, message);
}
