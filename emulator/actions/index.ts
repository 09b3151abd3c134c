import { instanceActions } from "./instances";
import { membershipActions } from "./membership";
import { networkInterfaceActions } from "./network-interfaces";
import { securityGroupActions } from "./security-groups";
import { tagActions } from "./tags";
import type { ActionSpec } from "./types";

/** Every action the emulator answers, by its ECS name (a Map: `constructor` is no action). */
export const ACTIONS: ReadonlyMap<string, ActionSpec> = new Map(
  Object.entries({
    ...membershipActions,
    ...instanceActions,
    ...networkInterfaceActions,
    ...securityGroupActions,
    ...tagActions,
  }),
);

export type { ActionSpec } from "./types";
