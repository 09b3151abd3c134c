/** pulumi-alicloud-sg-membership: public exports. */

export { SecurityGroupMembership } from "./resource/membership";
export type {
  SecurityGroupMembershipArgs,
  SecurityGroupMembershipTimeouts,
} from "./resource/membership";

/**
 * The provider runtime that the serialized shim (`shim.ts`) calls. Not a public API: its shape
 * may change in any release. The name is short because the shim's text, which names it seven
 * times, is stored twice in every resource's state. Loaded on first use, so a program that only
 * declares memberships never loads the ECS SDK (about a quarter of a second per command).
 * @internal
 */
export declare const __rt: typeof import("./runtime/runtime").runtime;
Object.defineProperty(exports, "__rt", {
  enumerable: true,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  get: (): typeof __rt => require("./runtime/runtime").runtime,
});

/** The offline ECS, for users' own tests and CI (see `ecs-emulator`). */
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_IDS,
  EmulatorControl,
  startEmulator,
} from "../emulator";
export type { EmulatorOptions, FaultRule, RunningEmulator, World } from "../emulator";
