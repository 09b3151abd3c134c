/**
 * The verify step: the HTTP method and the signature. Either way it says who called what, since
 * a refused call is logged too.
 */
import { asEcsApiError, type EcsApiError, ecsError } from "../model/ecs-api-error";
import { actionParams } from "./request";
import { type AuthContext, authenticate } from "./authenticate";
import type { SignatureKind, SignedRequest } from "./signature";

export interface Call {
  action: string;
  /** The API version the caller signed for. */
  version?: string;
  signature: SignatureKind | "none";
  accessKeyId?: string;
  /** The action's parameters, without those of the RPC signature scheme. */
  params: Record<string, string>;
}

export interface Verified {
  call: Call;
  /** Why the call is refused, if it is. */
  error?: EcsApiError;
}

export function verify(request: SignedRequest, auth: AuthContext): Verified {
  try {
    if (request.method !== "GET" && request.method !== "POST") {
      throw ecsError("UnsupportedHTTPMethod");
    }
    const caller = authenticate(request, auth);
    return {
      call: {
        action: caller.action ?? "",
        version: caller.version,
        signature: caller.kind,
        accessKeyId: caller.accessKeyId,
        params: actionParams(request, caller.kind === "HMAC-SHA1"),
      },
    };
  } catch (e) {
    return { call: unverifiedCall(request), error: asEcsApiError(e) };
  }
}

/** A refused call, named as the caller named it. */
export function unverifiedCall(request: SignedRequest): Call {
  const rpcAction = request.query.Action ?? request.form.Action;
  return {
    action: String(request.headers["x-acs-action"] ?? rpcAction ?? ""),
    signature: "none",
    params: {},
  };
}
