// SecurityGroupMembership: put an Alibaba Cloud ECS instance or ENI into an extra security group, and take it out again.
package alicloudsgmembership
