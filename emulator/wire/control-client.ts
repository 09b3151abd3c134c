/**
 * A typed client for the `/_emulator/` control API, for tests, benchmarks and scripts. Each call
 * has a connection of its own: a pooled one may have been closed by a restart of the emulator
 * just before it is reused.
 */
import { request } from "node:http";
import type { FaultRule, StoredFaultRule } from "../faults";
import type { EmulatorConfig } from "../model/config";
import type { World, WorldSnapshot } from "../model/world";
import type { RequestLogEntry } from "./request-log";

export class EmulatorControl {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await send(new URL(`${this.url}/_emulator/${path}`), method, payload);
    const answer = JSON.parse(text) as T & { error?: string };
    if (status >= 400)
      throw new Error(`ecs-emulator control ${method} ${path}: ${answer.error ?? status}`);
    return answer;
  }

  state(): Promise<WorldSnapshot> {
    return this.call("GET", "state");
  }

  async setState(world: World): Promise<void> {
    await this.call("PUT", "state", world);
  }

  /** Reads the world, lets `change` edit it, and writes it back. */
  async updateWorld(change: (world: WorldSnapshot) => void): Promise<WorldSnapshot> {
    const world = await this.state();
    change(world);
    await this.setState(world);
    return world;
  }

  async reset(): Promise<void> {
    await this.call("POST", "reset");
  }

  async addFault(rule: FaultRule): Promise<string> {
    return (await this.call<{ id: string }>("POST", "faults", rule)).id;
  }

  async faults(): Promise<StoredFaultRule[]> {
    return (await this.call<{ faults: StoredFaultRule[] }>("GET", "faults")).faults;
  }

  async removeFault(id: string): Promise<void> {
    await this.call("DELETE", `faults/${id}`);
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "faults");
  }

  async requests(filter: { action?: string; since?: string } = {}): Promise<RequestLogEntry[]> {
    const query = new URLSearchParams(
      Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
    const path = query ? `requests?${query}` : "requests";
    return (await this.call<{ requests: RequestLogEntry[] }>("GET", path)).requests;
  }

  async clearRequests(): Promise<void> {
    await this.call("DELETE", "requests");
  }

  config(): Promise<EmulatorConfig> {
    return this.call("GET", "config");
  }

  setConfig(patch: Partial<EmulatorConfig>): Promise<EmulatorConfig> {
    return this.call("PATCH", "config", patch);
  }
}

function send(url: URL, method: string, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const headers = body === undefined ? {} : { "content-type": "application/json" };
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
