/**
 * `ecs-emulator`: a local, faithful imitation of the ECS API subset this package uses.
 * `startEmulator()` runs it in-process; the `ecs-emulator` command runs it standalone.
 *
 * Layout: `wire/` speaks HTTP (parsing, signatures, serialization, control API, request log);
 * `model/` holds the world and its rules and knows nothing of HTTP; `actions/` turn an action's
 * parameters into model calls and response bodies; `faults.ts` scripts the cloud's bad days.
 */
import { DEFAULT_CONFIG, type EmulatorConfig } from "./model/config";
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_STS,
  defaultWorld,
} from "./model/default-world";
import { EmulatedCloud } from "./model/emulated-cloud";
import { loadState, readWorldFile, saveState } from "./model/state-store";
import type { World } from "./model/world";
import { EmulatorControl } from "./wire/control-client";
import { EcsEndpoint } from "./wire/ecs-endpoint";
import { listen } from "./wire/server";
import type { KeyEntry } from "./wire/signature";

export interface StsCredential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
}

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** The starting world: an object or a JSON file path. Default: the built-in default world. */
  fixture?: World | string;
  /** Persist the world to this JSON file across restarts (atomic writes). */
  statePath?: string;
  /** The accepted key pair. Default `ecs-emulator` / `ecs-emulator-secret`. */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Accepted STS credentials. Default: `DEFAULT_STS`. */
  sts?: StsCredential[];
  config?: Partial<EmulatorConfig>;
}

export interface RestartOptions {
  /** How long the port stays closed, ms. Default 0. */
  downMs?: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, the form the SDK's `endpoint` option takes. */
  endpoint: string;
  port: number;
  control: EmulatorControl;
  /** Closes every connection and cancels answers held back by latency (their actions never run). */
  stop(): Promise<void>;
  /**
   * Stops as `stop()` does, waits `downMs`, and listens again on the same port, as a restarted
   * process would: the world is read back from `statePath` (or kept, without one). What tests
   * look at stays: the request log, fault rules, config and seen nonces.
   */
  restart(options?: RestartOptions): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const fixture =
    typeof options.fixture === "string"
      ? readWorldFile(options.fixture, "fixture")
      : (options.fixture ?? defaultWorld());
  const statePath = options.statePath;
  const persisted = statePath ? loadState(statePath) : undefined;
  const keys = new Map<string, KeyEntry>([
    [
      options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
      { secret: options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET },
    ],
  ]);
  for (const sts of options.sts ?? [DEFAULT_STS]) {
    keys.set(sts.accessKeyId, { secret: sts.accessKeySecret, securityToken: sts.securityToken });
  }
  const cloud = new EmulatedCloud(
    {
      fixture,
      initialConfig: { ...DEFAULT_CONFIG, ...options.config },
      onChange: statePath ? (world) => saveState(statePath, world) : undefined,
    },
    persisted ?? fixture,
  );
  if (statePath && !persisted) saveState(statePath, cloud.model.toWorld());
  const endpoint = new EcsEndpoint(cloud, keys);
  let server = await listen(endpoint, options.port ?? 0);
  const url = `http://127.0.0.1:${server.port}`;
  const stop = () => {
    endpoint.delays.cancelAll();
    return server.close();
  };
  return {
    url,
    endpoint: `127.0.0.1:${server.port}`,
    port: server.port,
    control: new EmulatorControl(url),
    stop,
    async restart({ downMs = 0 } = {}) {
      await stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      const saved = statePath ? loadState(statePath) : undefined;
      if (saved) cloud.replaceWorld(saved);
      server = await listen(endpoint, server.port);
    },
  };
}

export { DEFAULT_CONFIG } from "./model/config";
export type { EmulatorConfig } from "./model/config";
export type { FaultRule, StoredFaultRule } from "./faults";
export type { RequestLogEntry } from "./wire/request-log";
export { EmulatorControl } from "./wire/control-client";
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_IDS,
  DEFAULT_STS,
  defaultWorld,
} from "./model/default-world";
export type * from "./model/world";
