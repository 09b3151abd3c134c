/**
 * The error model and wire code throw for an ECS error answer; the wire serializes it into the
 * documented error body. Named apart from the provider's `EcsError`, which is what a client saw.
 */
import { ERROR_CODES, type EcsErrorCode } from "./error-codes";

export class EcsApiError extends Error {
  constructor(
    /** Any ECS code: fault rules may inject codes the table does not know. */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EcsApiError";
  }
}

/**
 * An `EcsApiError` with the code's real status and message; `detail` replaces the message, and
 * `status` the usual status where one action answers the same code with another (as ECS does).
 */
export function ecsError(code: EcsErrorCode, detail?: string, status?: number): EcsApiError {
  const known = ERROR_CODES[code];
  return new EcsApiError(code, status ?? known.status, detail ?? known.message);
}

/** The service-form missing-parameter error. */
export function missingParameter(name: string): EcsApiError {
  return new EcsApiError(
    "MissingParameter",
    400,
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalidParameter(name: string, why: string): EcsApiError {
  return new EcsApiError(
    "InvalidParameter",
    400,
    `The specified parameter "${name}" is not valid: ${why}`,
  );
}

/** The status of a code the emulator knows (fault rules may name any code). */
export function knownStatus(code: string): number | undefined {
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as EcsErrorCode].status : undefined;
}

/** Anything thrown while answering, as ECS answers an unexpected failure. */
export function asEcsApiError(e: unknown): EcsApiError {
  if (e instanceof EcsApiError) return e;
  return new EcsApiError(
    "InternalError",
    500,
    `The request processing has failed due to some unknown error. (${String(e)})`,
  );
}
