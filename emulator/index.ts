/**
 * `ecs-emulator`: a local, faithful imitation of the ECS API subset this package uses.
 * `startEmulator()` runs it in-process; the `ecs-emulator` command runs it standalone.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorControl } from "./control-client";
import type { EmulatorConfig } from "./control-types";
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_STS,
  defaultWorld,
} from "./default-world";
import { Emulator } from "./server";
import type { KeyEntry } from "./signature";
import { loadState, readWorldFile, saveState } from "./state-store";
import type { World } from "./world";

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

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, the form the SDK's `endpoint` option takes. */
  endpoint: string;
  port: number;
  control: EmulatorControl;
  stop(): Promise<void>;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  maxGroupsPerTarget: 5,
  transitionMs: 2000,
  consistencyLagMs: 0,
  maxClockSkewMs: 15 * 60 * 1000,
};

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
  const emulator = new Emulator(
    {
      fixture,
      keys,
      initialConfig: { ...DEFAULT_CONFIG, ...options.config },
      onChange: statePath ? (world) => saveState(statePath, world) : undefined,
    },
    persisted ?? fixture,
  );
  if (statePath && !persisted) saveState(statePath, emulator.model.toWorld());

  const server = createServer((req, res) => {
    emulator.handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(e) }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    endpoint: `127.0.0.1:${port}`,
    port,
    control: new EmulatorControl(url),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { EmulatorControl } from "./control-client";
export type { EmulatorConfig, FaultRule, RequestLogEntry, StoredFaultRule } from "./control-types";
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_IDS,
  DEFAULT_STS,
  defaultWorld,
} from "./default-world";
export type * from "./world";
