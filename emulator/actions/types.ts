import type { EcsModel } from "../model/ecs-model";
import type { Params } from "./params";

/** Parses an action's parameters, applies it to the model and returns the body without RequestId. */
export type ActionHandler = (model: EcsModel, params: Params) => Record<string, unknown>;

export interface ActionSpec {
  handler: ActionHandler;
  /** Whether the action changes the world (and so is persisted with `--state`). */
  mutates: boolean;
}
