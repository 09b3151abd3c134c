/**
 * The classification table (DESIGN decision 4): ECS code -> retry | wait-for-state | gone |
 * fatal, with a hint, per operation. Plain data; `classifyCode` is a lookup. Exact codes win
 * over prefixes; a group limited to some operations applies only to them. Codes not in the
 * table are fatal and quoted verbatim.
 */

export type ErrorClass = "retry" | "wait-for-state" | "gone" | "fatal";
export type Operation = "create" | "read" | "delete";

export interface CodeGroup {
  /** A stable name (a `GroupName`); retry and operations test it for the groups they treat specially. */
  readonly name: string;
  readonly class: ErrorClass;
  readonly codes: readonly string[];
  /** Codes starting with one of these belong here too (after exact matches everywhere). */
  readonly prefixes?: readonly string[];
  /** Only for these operations; all when absent. */
  readonly operations?: readonly Operation[];
  /** The request may have been carried out although no success was seen. */
  readonly outcomeUnknown?: boolean;
  /** What the user should do. */
  readonly hint: string;
}

// One row per group, kept on one line each so the table reads as a table.
// prettier-ignore
const TABLE = [
  // ECS is rate-limiting the account or this API; the SDK names these ThrottlingError.
  { name: "throttling", class: "retry", codes: ["Throttling"], prefixes: ["Throttling"], hint: "ECS is throttling requests; the provider slows down and retries. If this persists, lower `pulumi up --parallel` or raise the timeout." },
  // The service said it did not process the request.
  { name: "unavailable", class: "retry", codes: ["ServiceUnavailable"], hint: "ECS is temporarily unavailable; retried. If this persists, check the Alibaba Cloud status page." },
  // Server-side failures after which the request may or may not have been carried out.
  { name: "server-error", class: "retry", outcomeUnknown: true, codes: ["InternalError", "UnknownError", "RequestTimeout"], hint: "ECS failed internally; retried. If this persists, open a ticket with the RequestId." },
  // Another change to the same resource was in progress.
  { name: "conflict", class: "retry", codes: ["InvalidOperation.Conflict", "OperationConflict", "LastTokenProcessing"], hint: "another change to the same instance, ENI or group was in progress; retried. If this persists, look for other tools changing it." },
  // The nonce is regenerated on every attempt, so a collision cannot repeat.
  { name: "nonce-reused", class: "retry", codes: ["SignatureNonceUsed"], hint: "a request nonce was reused (a proxy replaying requests?); retried with a new one." },
  // No connection was made: the request never reached ECS.
  { name: "unreachable", class: "retry", codes: ["ECONNREFUSED", "ConnectTimeout", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN"], hint: "the ECS endpoint could not be reached; check the network, proxy and endpoint (ALIBABA_CLOUD_ECS_ENDPOINT / alicloud:endpoints)." },
  // The connection broke or timed out after sending: the answer was lost.
  { name: "answer-lost", class: "retry", outcomeUnknown: true, codes: ["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "ReadTimeout", "NonJsonResponse"], hint: "the answer from ECS was lost (connection reset, timeout or a non-JSON gateway page); retried. If this persists, check the network or raise SG_MEMBERSHIP_READ_TIMEOUT_MS." },
  // The target is changing state; poll it until it can be changed, then retry.
  { name: "target-busy", class: "wait-for-state", codes: ["IncorrectInstanceStatus", "InvalidOperation.InvalidEniState", "InvalidStatus.EniOrInstanceIsBeingCreated", "Forbidden.InstanceIsBeingCreated", "InvalidOperation.InvalidEcsState"], hint: "the instance must be Running or Stopped (an ENI Available or InUse); the provider waits for it. If it stays in another state, start or stop it, then run again." },
  // Already absent: what delete wants, and what refresh reports as gone.
  { name: "not-found", class: "gone", operations: ["read", "delete"], codes: ["InvalidSecurityGroupAssociation.NotFound", "InstanceNotInSecurityGroup", "InvalidInstanceId.NotFound", "InvalidEniId.NotFound", "InvalidSecurityGroupId.NotFound", "InvalidEcsId.NotFound", "InvalidResourceId.NotFound"], hint: "the membership, the target or the group no longer exists." },
  // On create, a missing group or target is a mistake in the program.
  { name: "not-found", class: "fatal", operations: ["create"], codes: ["InvalidInstanceId.NotFound", "InvalidEniId.NotFound", "InvalidSecurityGroupId.NotFound", "InvalidEcsId.NotFound", "InvalidVSwitchId.NotFound", "InvalidResourceId.NotFound"], hint: "the security group or the instance/ENI does not exist in this region: check the IDs and regionId." },
  // Join of a target that is already a member: create decides (DESIGN decision 3).
  { name: "already-member", class: "fatal", codes: ["InvalidInstanceId.AlreadyExists"], hint: "the target is already in this security group, and this resource did not put it there. To manage the existing membership, set adoptExisting: true; otherwise remove the membership outside Pulumi first." },
  // Leave of the target's only group: ECS keeps every target in at least one group.
  { name: "last-group", class: "fatal", codes: ["InstanceLastSecurityGroup", "InvalidOperation.AtLeastInOneGroup"], hint: "this is the target's last security group and ECS keeps every instance and ENI in at least one. Add it to another group first (e.g. another SecurityGroupMembership, applied before this one is removed); if leaving it in this group is intended, drop this resource from state with `pulumi state delete <urn>`." },
  // The target holds as many groups as allowed.
  { name: "target-group-limit", class: "fatal", codes: ["InstanceSecurityGroupLimitExceeded", "JoinedGroupLimitExceed"], hint: "the instance or ENI is in as many security groups as allowed (5 by default): remove another membership first, or ask Alibaba Cloud for a higher quota." },
  // The group holds as many instances, ENIs or IPs as allowed.
  { name: "group-capacity", class: "fatal", codes: ["SecurityGroupInstanceLimitExceeded", "SecurityGroupInstanceLimitExceed", "InvalidOperation.NetworkInterfaceCountExceeded", "InvalidOperation.EniCountExceeded", "AclLimitExceed", "OperationDenied"], hint: "the security group is full: use another group, an advanced (enterprise) group, or ask for a higher quota." },
  // Basic and advanced groups do not mix on one target.
  { name: "group-type", class: "fatal", codes: ["InvalidOperation.MultiGroupType", "EnterpriseGroupLimited.MutliGroupType", "InvalidOperation.NotSupportEnterpriseGroup"], hint: "all groups of one instance or ENI must be of one type (basic or advanced), and some instance types cannot use advanced groups: pick a group of the type the target already uses." },
  // Group and target must share region, network type and VPC.
  { name: "network-mismatch", class: "fatal", codes: ["InvalidInstanceId.Mismatch", "InvalidOperation.VpcMismatch", "InvalidSecurityGroupId.NotVpc", "InvalidNetworkType.NotSupported"], hint: "the security group and the instance/ENI must be in the same VPC: use a group of the target's VPC." },
  // The target holds as many tags as ECS allows: the ownership record does not fit.
  { name: "tag-limit", class: "fatal", codes: ["QuotaExceed.Tags", "OperationDenied.QuotaExceed"], hint: "the instance or ENI holds as many tags as ECS allows (20): remove a tag it no longer needs, or turn ownership records off (SG_MEMBERSHIP_OWNERSHIP_RECORDS=false)." },
  // Alibaba Cloud locked the instance.
  { name: "locked", class: "fatal", codes: ["InstanceLockedForSecurity"], hint: "the instance is locked for security reasons; resolve the lock (Security Center or a ticket) first." },
  // Owned by another Alibaba Cloud product.
  { name: "managed", class: "fatal", codes: ["InvalidOperation.ResourceManagedByCloudProduct", "InvalidOperation.EniServiceManaged"], hint: "the group or ENI is managed by another Alibaba Cloud product; change its groups through that product." },
  // A primary ENI's groups are the instance's.
  { name: "eni-type", class: "fatal", codes: ["InvalidOperation.InvalidEniType", "InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc"], hint: "a primary ENI's groups are its instance's: use instanceId instead of networkInterfaceId." },
  // The request itself was malformed: a provider bug or a wrong endpoint.
  { name: "bad-request", class: "fatal", codes: ["InvalidInstanceId.Malformed", "InvalidInstanceID.Malformed", "InvalidParam.Malformed", "InvalidParam.EniIdAndInstanceId.Conflict", "InvalidParameter", "InvalidParameter.Conflict", "UnsupportedParameter", "InvalidRegionId.MalFormed", "InvalidSecurityGroupId.Malformed", "InvalidInstanceIds.Malformed", "InvalidApi.NotFound", "MissingParameter", "InvalidTagKey.Malformed", "InvalidTagValue.Malformed"], prefixes: ["MissingParameter", "Missing"], hint: "ECS rejected the request as malformed or conflicting: check the IDs, regionId and endpoint; if they are right, report this with the RequestId." },
  // The credentials may not do this.
  { name: "permission", class: "fatal", codes: ["Forbidden", "Forbidden.RAM", "Forbidden.NotSupportRAM", "Forbidden.SubUser", "Forbidden.AccessKeyDisabled", "Forbidden.RegionId", "NoPermission", "NotBelongUser", "InvalidOperation.EniAndGroupNotBelongSameUser", "InvalidUserType.NotSupported", "Abs.InvalidAccount.NotFound"], prefixes: ["Forbidden.", "NoPermission"], hint: "permission denied: grant the RAM user or role ecs:JoinSecurityGroup, ecs:LeaveSecurityGroup, ecs:TagResources, ecs:UntagResources and ecs:Describe* on the instance/ENI and group, and check they belong to the same account." },
  // The credentials or the signature are wrong.
  { name: "credentials", class: "fatal", codes: ["IncompleteSignature", "MissingAccessKeyId", "MissingSignature", "MissingSignatureMethod", "MissingTimestamp", "MissingSignatureNonce", "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive", "InvalidSecurityToken.Expired", "InvalidSecurityToken.Malformed", "InvalidSecurityToken.MismatchWithAccessKey", "MissingSecurityToken", "InvalidCredentials", "CredentialsUnavailable", "InvalidSignatureMethod", "UnsupportedHTTPMethod"], hint: "the credentials were rejected or not found: check alicloud:accessKey / alicloud:secretKey / alicloud:securityToken, or ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN; an STS token may have expired." },
  // The request's timestamp is outside ECS's window.
  { name: "clock-skew", class: "fatal", codes: ["InvalidTimeStamp.Expired", "InvalidTimeStamp.Format"], hint: "this machine's clock is more than 15 minutes off: synchronize it (NTP)." },
] as const satisfies readonly CodeGroup[];

/** The groups' names, so that code testing for one is checked against the table. */
export type GroupName = (typeof TABLE)[number]["name"];

export const CODE_GROUPS: readonly (CodeGroup & { readonly name: GroupName })[] = TABLE;

/** What a failed request means to the operation. */
export interface Classification {
  readonly class: ErrorClass;
  readonly group: GroupName | "unknown";
  readonly hint: string;
  readonly outcomeUnknown: boolean;
  /** False for codes not in the table (fatal, quoted verbatim). */
  readonly known: boolean;
}

const appliesTo = (group: CodeGroup, operation: Operation) =>
  !group.operations || group.operations.includes(operation);

/** Whether ECS is throttling: the "throttling" group's codes and prefixes, for any operation. */
export const isThrottlingCode = (code: string) => classifyCode("read", code).group === "throttling";

/** Look a code up for an operation. */
export function classifyCode(operation: Operation, code: string): Classification {
  const groups = CODE_GROUPS.filter((g) => appliesTo(g, operation));
  const found =
    groups.find((g) => g.codes.includes(code)) ??
    groups.find((g) => g.prefixes?.some((p) => code.startsWith(p)));
  if (!found) {
    return {
      class: "fatal",
      group: "unknown",
      outcomeUnknown: false,
      known: false,
      hint: "this provider does not know this ECS code, so it did not retry; look it up in the ECS error center (https://api.aliyun.com/troubleshoot) with the RequestId.",
    };
  }
  return {
    class: found.class,
    group: found.name,
    hint: found.hint,
    outcomeUnknown: found.outcomeUnknown === true,
    known: true,
  };
}
