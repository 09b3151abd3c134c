/** pulumi-alicloud-sg-membership: public exports. */

export { SecurityGroupMembership } from "./membership";
export type { SecurityGroupMembershipArgs, SecurityGroupMembershipTimeouts } from "./membership";

/**
 * The provider runtime that the serialized shim (`shim.ts`) calls. Not a public API: its shape
 * may change in any release. The name is short because the shim's text, which names it seven
 * times, is stored twice in every resource's state.
 * @internal
 */
export { runtime as __rt } from "./runtime";

/** The offline ECS, for users' own tests and CI (see `ecs-emulator`). */
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_IDS,
  EmulatorControl,
  startEmulator,
} from "../emulator";
export type { EmulatorOptions, FaultRule, RunningEmulator, World } from "../emulator";
