/**
 * An `alicloud.ecs.Instance` declared with its primary group, and a membership that adds an extra
 * group to it. Type-checked by the test suite, not run: see README.md.
 *
 * The instance's `securityGroups` is its whole group list and its `tags` its whole tag set: a
 * refresh reads the extra group and the membership's ownership record into them, and the
 * instance's next update would take both away (LeaveSecurityGroup, UntagResources). So the
 * instance ignores changes to both. Later edits of `securityGroups` in this program are then
 * ignored too; the program's value is used only when the instance is created.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

const config = new pulumi.Config();

const web = new alicloud.ecs.Instance(
  "web",
  {
    imageId: config.require("imageId"),
    instanceType: config.get("instanceType") ?? "ecs.t6-c1m1.large",
    vswitchId: config.require("vswitchId"),
    securityGroups: [config.require("primaryGroupId")],
  },
  { ignoreChanges: ["securityGroups", "tags"] },
);

// Takes the instance's ID: a replaced instance (a new ID) replaces the membership too.
const extra = new SecurityGroupMembership("web-extra-sg", {
  instanceId: web.id,
  securityGroupId: config.require("extraGroupId"),
});

export const instanceId = web.id;
export const instanceSecurityGroupIds = extra.targetSecurityGroupIds;
