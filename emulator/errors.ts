/**
 * ECS errors as the emulator answers them. One entry per code: the HTTP status and the real
 * message (or, where the real one is a bare `%s`, a descriptive one). Model and wire code throw
 * `EcsError`; the server serializes it into the documented error body.
 */

export class EcsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EcsError";
  }
}

const KNOWN: Record<string, [number, string]> = {
  // Gateway: authentication and request shape.
  IncompleteSignature: [400, "The request signature does not conform to Aliyun standards."],
  SignatureDoesNotMatch: [400, "Specified signature is not matched with our calculation."],
  "InvalidAccessKeyId.NotFound": [404, "Specified access key is not found."],
  "InvalidTimeStamp.Expired": [400, "Specified time stamp or date value is expired."],
  "InvalidTimeStamp.Format": [400, "Specified time stamp or date value is not well formatted."],
  SignatureNonceUsed: [400, "Specified signature nonce was used already."],
  InvalidSignatureMethod: [400, "Specified signature method is not valid."],
  MissingSecurityToken: [400, "SecurityToken is mandatory for this action."],
  "InvalidSecurityToken.MismatchWithAccessKey": [
    400,
    "Specified SecurityToken mismatch with the AccessKey.",
  ],
  "InvalidAction.NotFound": [404, "Specified api is not found, please check your url and method."],
  UnsupportedHTTPMethod: [400, "Specified http method is not supported."],
  // Server side, transient.
  "Throttling.User": [400, "Request was denied due to user flow control."],
  ServiceUnavailable: [503, "The request has failed due to a temporary failure of the server."],
  InternalError: [500, "The request processing has failed due to some unknown error."],
  RequestTimeout: [504, "The request encounters an upstream server timeout."],
  "InvalidOperation.Conflict": [
    409,
    "Request was denied due to conflict with a previous request, please try again later.",
  ],
  DryRunOperation: [400, "Request validation has been passed with DryRun flag set."],
  // Parameters.
  "MissingParameter.RegionId": [400, "The specified RegionId should not be null."],
  "InvalidInstanceId.Malformed": [400, 'The specified parameter "InstanceId" is not valid.'],
  "InvalidSecurityGroupId.Malformed": [
    400,
    "The specified parameter SecurityGroupId is not valid.",
  ],
  "InvalidParam.EniIdAndInstanceId.Conflict": [
    403,
    "The InstanceId and NetworkInterfaceId parameters cannot be specified at the same time.",
  ],
  "InvalidInstanceIds.Malformed": [400, "The specified InstanceIds is not valid."],
  "InValidParameter.NextToken": [400, "The parameter NextToken is invalid."],
  "InvalidParameter.SecurityGroupType": [400, "The specified SecurityGroupType is not valid."],
  "InvalidStatus.NotFound": [404, "The specified Status is not found"],
  "NotSupported.PageNumberAndPageSize": [
    400,
    "The parameters PageNumber and PageSize are currently not supported, please use NextToken and MaxResults instead.",
  ],
  "InvalidParameter.SecurityGroupIdRepeated": [
    404,
    "The specified security group ids has repeated.",
  ],
  // Not found.
  "InvalidInstanceId.NotFound": [404, "The specified InstanceId does not exist."],
  "InvalidSecurityGroupId.NotFound": [404, "The specified SecurityGroupId does not exist."],
  "InvalidEniId.NotFound": [404, "The specified NetworkInterfaceId does not exist."],
  "InvalidVSwitchId.NotFound": [404, "The specified virtual switch does not exist."],
  "InvalidVpcId.NotFound": [404, "The specified VpcId does not exist."],
  "InvalidRegionId.NotFound": [404, "The specified RegionId does not exist."],
  // Membership rules.
  "InvalidInstanceId.AlreadyExists": [
    403,
    "The specified instance already exists in the specified security group.",
  ],
  "InvalidSecurityGroupAssociation.NotFound": [
    400,
    "The specified ECS instance or ENI is not associated with the specified security group.",
  ],
  InstanceLastSecurityGroup: [
    403,
    "The specified security group is the last security group for the instance.",
  ],
  "InvalidOperation.AtLeastInOneGroup": [
    403,
    "The network interface must belong to at least one security group.",
  ],
  InstanceSecurityGroupLimitExceeded: [
    400,
    "Exceeding the allowed amount of security groups that an instance can be in.",
  ],
  JoinedGroupLimitExceed: [400, "The number of security groups joined exceeds the limit."],
  "InvalidInstanceId.Mismatch": [
    400,
    "Specified instance and security group are not in the same VPC.",
  ],
  "InvalidOperation.VpcMismatch": [
    403,
    "The network interface and the security group are not in the same VPC.",
  ],
  "InvalidSecurityGroupVpc.NotBelongToOneVpc": [
    404,
    "The specified SecurityGroupIds are belong to different vpc.",
  ],
  "InvalidOperation.MultiGroupType": [
    400,
    "The specified instance can't join different types of security group.",
  ],
  "EnterpriseGroupLimited.MutliGroupType": [
    403,
    "The specified instance can not join multi SecurityGroup types.",
  ],
  "InvalidOperation.NotSupportEnterpriseGroup": [
    400,
    "The specified instance type doesn't support enterprise level security group.",
  ],
  IncorrectInstanceStatus: [
    403,
    "The current status of the resource does not support this operation.",
  ],
  "Forbidden.InstanceIsBeingCreated": [403, "The specified instance is being created."],
  InstanceLockedForSecurity: [
    403,
    "The specified operation is denied as your instance is locked for security reasons.",
  ],
  "InvalidOperation.ResourceManagedByCloudProduct": [
    403,
    "The security group is managed by a cloud product and cannot be modified.",
  ],
  "InvalidOperation.EniServiceManaged": [
    403,
    "The network interface is managed by a cloud service and cannot be modified.",
  ],
  "InvalidOperation.InvalidEniType": [
    403,
    "The operation is not supported for the primary network interface; use the instance instead.",
  ],
  "InvalidOperation.InvalidEniState": [
    400,
    "The current status of the network interface does not support this operation.",
  ],
  "InvalidStatus.EniOrInstanceIsBeingCreated": [
    400,
    "The network interface or instance is being created.",
  ],
  "InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc": [
    404,
    "Primary NetworkInterface is only allowed to modify name and description.",
  ],
  DependencyViolation: [403, "There is still instance(s) in the specified security group."],
};

/**
 * An `EcsError` with the code's real status and message; `detail` replaces the message, and
 * `status` the usual status where one action answers the same code with another (as ECS does).
 */
export function ecsError(code: string, detail?: string, status?: number): EcsError {
  const known = KNOWN[code];
  if (!known) throw new Error(`emulator bug: no status for ECS code ${code}`);
  return new EcsError(code, status ?? known[0], detail ?? known[1]);
}

/** The service-form missing-parameter error. */
export function missingParameter(name: string): EcsError {
  return new EcsError(
    "MissingParameter",
    400,
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalidParameter(name: string, why: string): EcsError {
  return new EcsError(
    "InvalidParameter",
    400,
    `The specified parameter "${name}" is not valid: ${why}`,
  );
}

/** Whether the emulator knows the code (fault rules may name any code). */
export function knownStatus(code: string): number | undefined {
  return KNOWN[code]?.[0];
}
