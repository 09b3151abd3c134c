/**
 * The Pulumi package schema of the native provider: package `alicloud-sg-membership`, one
 * resource `alicloud-sg-membership:ecs:SecurityGroupMembership`, its provider config. Built from
 * the field lists of `../schema/` (inputs, outputs, timeouts, defaults, caps), so a property
 * added there without a description here fails to compile; `tests/unit/native/schema.test.ts`
 * holds the rest (every property documented, the lists equal).
 */

import { CONFIG_KEYS, PACKAGE } from "./config";
import {
  DEFAULT_TIMEOUTS_MS,
  formatDuration,
  TIMEOUT_KEYS,
  type TimeoutKey,
} from "../schema/durations";
import { MAX_DURATION_LENGTH, MAX_ID_LENGTH, MAX_REGION_LENGTH } from "../schema/limits";
import type { MembershipOutputs } from "../schema/model";
import { INPUT_KEYS } from "../schema/validation";

/** The resource's type token. Stable: changing it breaks every stack that holds one. */
export const MEMBERSHIP_TOKEN = `${PACKAGE}:ecs:SecurityGroupMembership`;
const TIMEOUTS_TOKEN = `${PACKAGE}:ecs:SecurityGroupMembershipTimeouts`;
const ENDPOINT_TOKEN = `${PACKAGE}:index:Endpoint`;

/** A type in the schema's terms (the subset used here). */
interface TypeSpec {
  type?: "string" | "boolean" | "array" | "object";
  items?: TypeSpec;
  $ref?: string;
}

/** A property in the schema's terms: a type, documented. */
export interface PropertySpec extends TypeSpec {
  description: string;
  secret?: boolean;
}

const text: PropertySpec["type"] = "string";
const replaces =
  " Changing it replaces the membership (joining the new group before leaving the old one).";
const idCap = ` At most ${MAX_ID_LENGTH} characters.`;

type InputKey = (typeof INPUT_KEYS)[number];

/** Every input, documented. */
const INPUTS: Record<InputKey, PropertySpec> = {
  securityGroupId: {
    type: text,
    description: `The extra security group, \`sg-…\`.${replaces}${idCap}`,
  },
  instanceId: {
    type: text,
    description:
      "The instance (its primary ENI), `i-…`. Exactly one of `instanceId` and `networkInterfaceId`." +
      replaces +
      idCap,
  },
  networkInterfaceId: {
    type: text,
    description:
      "A secondary ENI, `eni-…`. Exactly one of `instanceId` and `networkInterfaceId`." +
      replaces +
      idCap,
  },
  regionId: {
    type: text,
    description:
      `The region, e.g. \`cn-hangzhou\`. Default: provider config \`${PACKAGE}:region\`, else env ` +
      "`ALIBABA_CLOUD_REGION_ID`, else env `ALICLOUD_REGION` (stack config `alicloud:region` is not " +
      `passed to this provider).${replaces} At most ${MAX_REGION_LENGTH} characters.`,
  },
  adoptExisting: {
    type: "boolean",
    description:
      "Take part in a membership that already exists (made outside Pulumi or declared by another " +
      "stack) instead of failing. `pulumi destroy` then removes it, as declared, unless another " +
      "owner still declares it. Default: `false`.",
  },
  timeouts: {
    $ref: `#/types/${TIMEOUTS_TOKEN}`,
    description:
      "Deadlines per operation. The resource option `customTimeouts` (`create`, `update`, " +
      "`delete`) takes precedence for its operation; `update` uses `timeouts.create`.",
  },
};

const durationHelp =
  'a duration of `<int><unit>` parts with units `h`, `m`, `s`, `ms`, each at most once and in that order ("90s", "1m30s"), ' +
  `from "1s" to "24h", at most ${MAX_DURATION_LENGTH} characters`;

const TIMEOUT_DOCS: Record<TimeoutKey, string> = {
  create: "Join, waits and confirmation (and an update's ownership record)",
  read: "Refresh reads",
  delete: "Leave, waits included",
};

/** Every output, documented. */
const OUTPUTS: Record<keyof MembershipOutputs, PropertySpec> = {
  securityGroupId: { type: text, description: "The security group." },
  instanceId: { type: text, description: "The instance, or `null` for an ENI membership." },
  networkInterfaceId: {
    type: text,
    description: "The ENI, or `null` for an instance membership.",
  },
  regionId: { type: text, description: "The region, as resolved (input, provider config or env)." },
  adoptExisting: { type: "boolean", description: "As given (default `false`)." },
  timeouts: {
    $ref: `#/types/${TIMEOUTS_TOKEN}`,
    description: "The deadlines as given, or `null`.",
  },
  owner: {
    type: text,
    description:
      "The resource's URN, which its ownership record on the target names; `null` after a " +
      "refresh found the record gone, or after `pulumi import` (the next `pulumi up` writes it).",
  },
  targetKind: {
    type: text,
    description: "`instance` or `networkInterface`.",
  },
  targetId: { type: text, description: "The instance or ENI ID." },
  adopted: {
    type: "boolean",
    description:
      "True when the membership existed before this resource (taken over, shared or imported).",
  },
  targetSecurityGroupIds: {
    type: "array",
    items: { type: text },
    description: "All of the target's security groups, as last seen.",
  },
};

/** Outputs that always have a value. */
const REQUIRED_OUTPUTS: (keyof MembershipOutputs)[] = [
  "securityGroupId",
  "regionId",
  "adoptExisting",
  "targetKind",
  "targetId",
  "adopted",
  "targetSecurityGroupIds",
];

type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Every config key (and explicit provider input), documented. */
const CONFIG: Record<ConfigKey, PropertySpec> = {
  region: {
    type: text,
    description:
      "The region for resources without `regionId`, e.g. `cn-hangzhou`. Else env " +
      "`ALIBABA_CLOUD_REGION_ID`, else env `ALICLOUD_REGION`.",
  },
  accessKey: {
    type: text,
    secret: true,
    description:
      "Access key ID, with `secretKey`. Without both, the `@alicloud/credentials` default chain: " +
      "env `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / " +
      "`ALIBABA_CLOUD_SECURITY_TOKEN`, OIDC, profile files, the ECS RAM role, `ALIBABA_CLOUD_CREDENTIALS_URI`.",
  },
  secretKey: { type: text, secret: true, description: "Access key secret, with `accessKey`." },
  securityToken: { type: text, secret: true, description: "STS security token, if any." },
  endpoints: {
    type: "array",
    items: { $ref: `#/types/${ENDPOINT_TOKEN}` },
    description:
      'Endpoint overrides as in @pulumi/alicloud: the entry with an `ecs` key, e.g. `[{"ecs": ' +
      '"http://127.0.0.1:8080"}]`. Else env `ALIBABA_CLOUD_ECS_ENDPOINT`, else the region\'s ' +
      "public endpoint over HTTPS. Plain HTTP is refused for any host but loopback.",
  },
};

/**
 * The oldest Pulumi SDK each generated SDK takes: the release it is tested with. The code
 * generators (pkg/v3 v3.276.0, tools/sdk-gen) emit calls that SDKs before 3.269.0 lack
 * (`existsResource`); Node.js runs with this package's @pulumi/pulumi (3.276.0), Python with the
 * newest pulumi on PyPI here (3.272.0, tools/python-program/requirements.txt). The Go SDK's go.mod
 * requires the github.com/pulumi/pulumi/sdk/v3 that tools/sdk-gen is built with.
 */
const SDK_PULUMI_FLOOR = { nodejs: "3.276.0", python: "3.272.0" };

/**
 * The generated SDKs' names (stable from the first release: users import them) and what the
 * code generators need beyond their defaults. The SDKs are `sdk/` (scripts/gen-sdks.sh).
 */
export const LANGUAGE = {
  /** npm package of sdk/nodejs; @pulumi/pulumi is a peer so the program's one copy is used. */
  nodejs: {
    packageName: "@pulumi-alicloud-sg-membership/sdk",
    packageDescription: "The Node.js SDK of the alicloud-sg-membership Pulumi provider plugin.",
    respectSchemaVersion: true,
    peerDependencies: { "@pulumi/pulumi": `>=${SDK_PULUMI_FLOOR.nodejs} <4.0.0` },
  },
  /** Python module (pip distribution `pulumi-alicloud-sg-membership`) of sdk/python. */
  python: {
    packageName: "pulumi_alicloud_sg_membership",
    respectSchemaVersion: true,
    pyproject: { enabled: true },
    pythonRequires: ">=3.10", // what pulumi 3.272 requires
    requires: { pulumi: `>=${SDK_PULUMI_FLOOR.python},<4.0.0` },
  },
  /** Go package of sdk/go/alicloudsgmembership (module `…/sdk/go`). */
  go: {
    importBasePath:
      "github.com/pulumi-alicloud-sg-membership/pulumi-alicloud-sg-membership/sdk/go/alicloudsgmembership",
    respectSchemaVersion: true,
  },
  /**
   * C# (namespace Pulumi.AlicloudSgMembership) of sdk/dotnet: generated, never built here (no
   * .NET SDK or NuGet). 3.76.1 of NuGet's Pulumi has everything the generated code calls.
   */
  csharp: {
    packageReferences: { Pulumi: "[3.76.1,4)" },
    respectSchemaVersion: true,
  },
};

/** The package schema, for `GetSchema` and the SDKs' code generators. */
export function packageSchema(version: string) {
  return {
    name: PACKAGE,
    displayName: "Alibaba Cloud security group membership",
    version,
    description:
      "SecurityGroupMembership: put an Alibaba Cloud ECS instance or ENI into an extra security " +
      "group, and take it out again.",
    keywords: ["pulumi", "alicloud", "ecs", "security-group", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    language: LANGUAGE,
    config: { variables: CONFIG },
    provider: {
      description: `The provider of ${PACKAGE}: region, endpoint and credentials.`,
      inputProperties: CONFIG,
      properties: CONFIG,
    },
    types: {
      [TIMEOUTS_TOKEN]: {
        type: "object",
        description: "Deadlines per operation.",
        properties: Object.fromEntries(
          TIMEOUT_KEYS.map((key) => [
            key,
            {
              type: text,
              description: `${TIMEOUT_DOCS[key]}: ${durationHelp}. Default: "${formatDuration(DEFAULT_TIMEOUTS_MS[key])}".`,
            },
          ]),
        ),
      },
      [ENDPOINT_TOKEN]: {
        type: "object",
        description: "An endpoint override.",
        properties: {
          ecs: { type: text, description: "The ECS endpoint URL, e.g. `http://127.0.0.1:8080`." },
        },
      },
    },
    resources: {
      [MEMBERSHIP_TOKEN]: {
        description:
          "Joins an ECS instance or ENI to an extra security group (`JoinSecurityGroup`) and " +
          "removes it on destroy (`LeaveSecurityGroup`). The ID is " +
          "`<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>`, which `pulumi import` takes.",
        inputProperties: INPUTS,
        requiredInputs: ["securityGroupId"],
        properties: OUTPUTS,
        required: REQUIRED_OUTPUTS,
      },
    },
  };
}
