/**
 * The ECS error codes the emulator answers with, as data: the HTTP status and the real message
 * (or, where the real one is a bare `%s`, a descriptive one). Gateway codes are here too, beside
 * the model's, so that both layers throw one error type and the model never imports the wire.
 */

export interface ErrorCodeEntry {
  status: number;
  message: string;
}

export const ERROR_CODES = {
  // Gateway: authentication and request shape.
  IncompleteSignature: {
    status: 400,
    message: "The request signature does not conform to Aliyun standards.",
  },
  /*
   * The gateway answers with the string it signed, so that a client can tell a wrong secret (same
   * string) from a signing bug (another string); the wire builds those messages
   * (wire/authenticate.ts). This plain text is what a fault rule injecting the code answers.
   */
  SignatureDoesNotMatch: {
    status: 400,
    message: "Specified signature is not matched with our calculation.",
  },
  /*
   * A missing RPC signing parameter, in the gateway's `Missing{ParameterName}` form, "{ParameterName}
   * is mandatory for this action.", 400 (POP common error table: https://developer.aliyun.com/ask/278265,
   * https://help.aliyun.com/en/document_detail/434846.html). Seen for real: MissingTimestamp
   * (github.com/rfancn/aliyun-ddns-client/issues/13), MissingAccessKeyId
   * (github.com/cooperlyt/keycloak-phone-provider/issues/118), MissingSecurityToken
   * (github.com/denverdino/aliyungo/issues/204). MissingSignature, MissingSignatureMethod and
   * MissingSignatureNonce are the documented form applied to those names (a guess), and so is the
   * order the gateway checks them in (AccessKeyId, Signature, SignatureMethod, Timestamp,
   * SignatureNonce: the order of the common-parameter table).
   */
  MissingAccessKeyId: { status: 400, message: "AccessKeyId is mandatory for this action." },
  MissingSignature: { status: 400, message: "Signature is mandatory for this action." },
  MissingSignatureMethod: {
    status: 400,
    message: "SignatureMethod is mandatory for this action.",
  },
  MissingTimestamp: { status: 400, message: "Timestamp is mandatory for this action." },
  MissingSignatureNonce: {
    status: 400,
    message: "SignatureNonce is mandatory for this action.",
  },
  // A body over the emulator's limit: no source for the real gateway's answer; code, status and
  // message are a guess (the HTTP status for it, in the ECS error form).
  RequestEntityTooLarge: { status: 413, message: "The request body is too large." },
  "InvalidAccessKeyId.NotFound": { status: 404, message: "Specified access key is not found." },
  "InvalidTimeStamp.Expired": {
    status: 400,
    message: "Specified time stamp or date value is expired.",
  },
  "InvalidTimeStamp.Format": {
    status: 400,
    message: "Specified time stamp or date value is not well formatted.",
  },
  SignatureNonceUsed: { status: 400, message: "Specified signature nonce was used already." },
  InvalidSignatureMethod: { status: 400, message: "Specified signature method is not valid." },
  MissingSecurityToken: { status: 400, message: "SecurityToken is mandatory for this action." },
  "InvalidSecurityToken.MismatchWithAccessKey": {
    status: 400,
    message: "Specified SecurityToken mismatch with the AccessKey.",
  },
  "InvalidAction.NotFound": {
    status: 404,
    message: "Specified api is not found, please check your url and method.",
  },
  UnsupportedHTTPMethod: { status: 400, message: "Specified http method is not supported." },
  // Server side, transient.
  "Throttling.User": { status: 400, message: "Request was denied due to user flow control." },
  ServiceUnavailable: {
    status: 503,
    message: "The request has failed due to a temporary failure of the server.",
  },
  InternalError: {
    status: 500,
    message: "The request processing has failed due to some unknown error.",
  },
  RequestTimeout: { status: 504, message: "The request encounters an upstream server timeout." },
  "InvalidOperation.Conflict": {
    status: 409,
    message: "Request was denied due to conflict with a previous request, please try again later.",
  },
  DryRunOperation: {
    status: 400,
    message: "Request validation has been passed with DryRun flag set.",
  },
  // Parameters.
  "MissingParameter.RegionId": {
    status: 400,
    message: "The specified RegionId should not be null.",
  },
  "InvalidInstanceId.Malformed": {
    status: 400,
    message: 'The specified parameter "InstanceId" is not valid.',
  },
  "InvalidSecurityGroupId.Malformed": {
    status: 400,
    message: "The specified parameter SecurityGroupId is not valid.",
  },
  "InvalidParam.EniIdAndInstanceId.Conflict": {
    status: 403,
    message:
      "The InstanceId and NetworkInterfaceId parameters cannot be specified at the same time.",
  },
  "InvalidInstanceIds.Malformed": {
    status: 400,
    message: "The specified InstanceIds is not valid.",
  },
  "InValidParameter.NextToken": { status: 400, message: "The parameter NextToken is invalid." },
  "InvalidParameter.SecurityGroupType": {
    status: 400,
    message: "The specified SecurityGroupType is not valid.",
  },
  "InvalidStatus.NotFound": { status: 404, message: "The specified Status is not found" },
  "NotSupported.PageNumberAndPageSize": {
    status: 400,
    message:
      "The parameters PageNumber and PageSize are currently not supported, please use NextToken and MaxResults instead.",
  },
  "InvalidParameter.SecurityGroupIdRepeated": {
    status: 404,
    message: "The specified security group ids has repeated.",
  },
  // Not found.
  "InvalidInstanceId.NotFound": {
    status: 404,
    message: "The specified InstanceId does not exist.",
  },
  "InvalidSecurityGroupId.NotFound": {
    status: 404,
    message: "The specified SecurityGroupId does not exist.",
  },
  "InvalidEniId.NotFound": {
    status: 404,
    message: "The specified NetworkInterfaceId does not exist.",
  },
  "InvalidVSwitchId.NotFound": {
    status: 404,
    message: "The specified virtual switch does not exist.",
  },
  "InvalidVpcId.NotFound": { status: 404, message: "The specified VpcId does not exist." },
  "InvalidRegionId.NotFound": { status: 404, message: "The specified RegionId does not exist." },
  // Membership rules.
  "InvalidInstanceId.AlreadyExists": {
    status: 403,
    message: "The specified instance already exists in the specified security group.",
  },
  "InvalidSecurityGroupAssociation.NotFound": {
    status: 400,
    message:
      "The specified ECS instance or ENI is not associated with the specified security group.",
  },
  InstanceLastSecurityGroup: {
    status: 403,
    message: "The specified security group is the last security group for the instance.",
  },
  "InvalidOperation.AtLeastInOneGroup": {
    status: 403,
    message: "The network interface must belong to at least one security group.",
  },
  InstanceSecurityGroupLimitExceeded: {
    status: 400,
    message: "Exceeding the allowed amount of security groups that an instance can be in.",
  },
  JoinedGroupLimitExceed: {
    status: 400,
    message: "The number of security groups joined exceeds the limit.",
  },
  "InvalidInstanceId.Mismatch": {
    status: 400,
    message: "Specified instance and security group are not in the same VPC.",
  },
  "InvalidOperation.VpcMismatch": {
    status: 403,
    message: "The network interface and the security group are not in the same VPC.",
  },
  "InvalidSecurityGroupVpc.NotBelongToOneVpc": {
    status: 404,
    message: "The specified SecurityGroupIds are belong to different vpc.",
  },
  "InvalidOperation.MultiGroupType": {
    status: 400,
    message: "The specified instance can't join different types of security group.",
  },
  "EnterpriseGroupLimited.MutliGroupType": {
    status: 403,
    message: "The specified instance can not join multi SecurityGroup types.",
  },
  "InvalidOperation.NotSupportEnterpriseGroup": {
    status: 400,
    message: "The specified instance type doesn't support enterprise level security group.",
  },
  IncorrectInstanceStatus: {
    status: 403,
    message: "The current status of the resource does not support this operation.",
  },
  "Forbidden.InstanceIsBeingCreated": {
    status: 403,
    message: "The specified instance is being created.",
  },
  InstanceLockedForSecurity: {
    status: 403,
    message: "The specified operation is denied as your instance is locked for security reasons.",
  },
  "InvalidOperation.ResourceManagedByCloudProduct": {
    status: 403,
    message: "The security group is managed by a cloud product and cannot be modified.",
  },
  "InvalidOperation.EniServiceManaged": {
    status: 403,
    message: "The network interface is managed by a cloud service and cannot be modified.",
  },
  "InvalidOperation.InvalidEniType": {
    status: 403,
    message:
      "The operation is not supported for the primary network interface; use the instance instead.",
  },
  "InvalidOperation.InvalidEniState": {
    status: 400,
    message: "The current status of the network interface does not support this operation.",
  },
  "InvalidStatus.EniOrInstanceIsBeingCreated": {
    status: 400,
    message: "The network interface or instance is being created.",
  },
  "InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc": {
    status: 404,
    message: "Primary NetworkInterface is only allowed to modify name and description.",
  },
  DependencyViolation: {
    status: 403,
    message: "There is still instance(s) in the specified security group.",
  },
  /*
   * Tags (TagResources, UntagResources, ListTagResources). Status and message as in the error
   * tables of the three actions, which are the same table:
   * https://github.com/AlibabaCloudDocs/ecs/blob/master/intl.en-US/API%20Reference/Tags/TagResources.md
   * (also UntagResources.md, ListTagResources.md there; the live page is
   * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources).
   * Missing RegionId is answered in this service's form, `MissingParameter.RegionId` 404 "The
   * parameter - RegionId should not be null" (same table), through `ecsError`'s overrides.
   */
  "MissingParameter.ResourceType": {
    status: 404,
    message: "The parameter - ResourceType should not be null",
  },
  "MissingParameter.Tags": { status: 404, message: "The parameter - Tags should not be null" },
  // The code is the one terraform-provider-alicloud expects from TagResources/UntagResources
  // (alicloud/service_alicloud_ecs.go, SetResourceTags); status and message are a guess in the
  // form of the table's other MissingParameter.* codes.
  "MissingParameter.ResourceIds": {
    status: 404,
    message: "The parameter - ResourceIds should not be null",
  },
  "NumberExceed.ResourceIds": {
    status: 400,
    message: "The ResourceIds parameter's number is exceed , Valid : 50",
  },
  "NumberExceed.Tags": {
    status: 400,
    message: "The Tags parameter's number is exceed , Valid : 20",
  },
  "Duplicate.TagKey": { status: 400, message: "The Tag.N.Key contain duplicate key." },
  "InvalidResourceId.NotFound": {
    status: 404,
    message: "The specified ResourceIds are not found in our records.",
  },
  "InvalidResourceType.NotFound": {
    status: 404,
    message: "The ResourceType provided does not exist in our records.",
  },
  "InvalidTagKey.Malformed": { status: 400, message: "The specified Tag.n.Key is not valid." },
  "InvalidTagValue.Malformed": { status: 400, message: "The specified Tag.n.Value is not valid." },
  // More than 20 user tags on a resource. The table also lists `QuotaExceed.Tags` (403, "%s");
  // which of the two a real call answers is a guess.
  "OperationDenied.QuotaExceed": {
    status: 400,
    message: "The quota of tags on resource is beyond permitted range.",
  },
  // In the tag table and in DescribeInstances' (AlibabaCloudDocs/ecs, intl.en-US/API
  // Reference/Instances/DescribeInstances.md): a value with no key.
  "InvalidTag.Mismatch": {
    status: 400,
    message: "The specified Tag.n.Key and Tag.n.Value are not match.",
  },
  // More than 20 `Tag.N` filters (DescribeInstances.md, as above; for DescribeNetworkInterfaces,
  // whose table lists no tag codes, a guess).
  InvalidTagCount: { status: 400, message: "The specified tags are beyond the permitted range." },
  // ListTagResources with `Tag.N.Value` but no key: the code is from the SDK's model docs
  // (@alicloud/ecs20140526 ListTagResourcesRequest); status and message are a guess.
  "InvalidParameter.TagValue": {
    status: 400,
    message: "The specified parameter Tag.N.Value is not valid.",
  },
} as const satisfies Record<string, ErrorCodeEntry>;

/** A code of the table: `ecsError` takes only these, so a typo does not compile. */
export type EcsErrorCode = keyof typeof ERROR_CODES;
