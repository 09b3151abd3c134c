/** How the ECS adapter connects: the endpoint override and the credentials, as resolved from config and env. */

/** An endpoint as the SDK wants it: `host[:port]` without scheme, and the protocol apart. */
export interface EndpointSetting {
  host: string;
  protocol: "http" | "https";
  source: string;
}

/** Static credentials from stack config, or the default chain. */
export type CredentialSetting =
  | { kind: "static"; accessKeyId: string; accessKeySecret: string; securityToken?: string }
  | { kind: "default-chain" };
