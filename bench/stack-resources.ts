import type { Stack } from "@pulumi/pulumi/automation";

export const MEMBERSHIP_TYPE = "ecs:SecurityGroupMembership";

/** Resources of a type in the stack's state. */
export async function resourcesOfType(stack: Stack, suffix: string) {
  const state = await stack.exportStack();
  const resources = (state.deployment?.resources ?? []) as Array<{
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }>;
  return { state, resources: resources.filter((r) => r.type.endsWith(suffix)) };
}
