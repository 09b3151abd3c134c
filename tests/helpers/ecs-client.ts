/** The official SDK pointed at an emulator, as users and the provider build it. */
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_STS } from "../../emulator";

export { $Ecs };

export type SignatureChoice = "ACS3-HMAC-SHA256" | "HMAC-SHA1";
export const SIGNATURES: SignatureChoice[] = ["ACS3-HMAC-SHA256", "HMAC-SHA1"];

export interface ClientOptions {
  signature?: SignatureChoice;
  sts?: boolean;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  readTimeout?: number;
}

export function ecsClient(endpoint: string, options: ClientOptions = {}): Ecs {
  const keys = options.sts
    ? DEFAULT_STS
    : {
        accessKeyId: options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
        accessKeySecret: options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
        securityToken: options.securityToken,
      };
  return new Ecs(
    new $OpenApiUtil.Config({
      ...keys,
      endpoint,
      protocol: "http",
      regionId: "cn-hangzhou",
      readTimeout: options.readTimeout ?? 5000,
      connectTimeout: 5000,
      ...(options.signature === "HMAC-SHA1" ? { signatureAlgorithm: "v2" } : {}),
    }),
  );
}

interface SdkError {
  name: string;
  code: string;
  statusCode: number;
  message: string;
  data?: Record<string, unknown>;
}

/** Awaits a call that must fail with this ECS code and HTTP status; returns the SDK error. */
export async function expectEcsError(call: Promise<unknown>, code: string, status: number) {
  let error: SdkError | undefined;
  try {
    await call;
  } catch (e) {
    error = e as SdkError;
  }
  if (!error) throw new Error(`expected ${code} (${status}), but the call succeeded`);
  expect({ code: error.code, status: error.statusCode }).toEqual({ code, status });
  return error;
}
