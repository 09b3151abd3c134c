/**
 * The cloud being served: the current model and its live config, replaced or reset as a whole,
 * and reported after every change (to persist it with `--state`).
 */
import type { EmulatorConfig } from "./config";
import { EcsModel } from "./ecs-model";
import type { World } from "./world";

export interface CloudSetup {
  /** The world a reset goes back to. */
  fixture: World;
  /** The config a reset goes back to. */
  initialConfig: EmulatorConfig;
  /** Called after every change of the world. */
  onChange?: (world: World) => void;
}

export class EmulatedCloud {
  private current: EcsModel;
  private liveConfig: EmulatorConfig;

  constructor(
    private readonly setup: CloudSetup,
    world: World = setup.fixture,
  ) {
    this.liveConfig = { ...setup.initialConfig };
    this.current = new EcsModel(world, this.liveConfig);
  }

  get model(): EcsModel {
    return this.current;
  }

  get config(): EmulatorConfig {
    return this.liveConfig;
  }

  replaceWorld(world: World) {
    this.current = new EcsModel(world, this.liveConfig);
    this.changed();
  }

  /** Back to the fixture and the startup config. */
  reset() {
    this.liveConfig = { ...this.setup.initialConfig };
    this.replaceWorld(this.setup.fixture);
  }

  /** Changes the config in place, so the current model sees the change at once. */
  updateConfig(patch: Partial<EmulatorConfig>) {
    Object.assign(this.liveConfig, patch);
  }

  changed() {
    this.setup.onChange?.(this.current.toWorld());
  }
}
