/**
 * Reads a target's security groups through batched Describe* calls: `DescribeInstances` with
 * `InstanceIds` and `DescribeNetworkInterfaces` with `NetworkInterfaceId.N`, up to 100 targets
 * per call, one batcher per purpose on each `EcsApi` (which is per endpoint and credentials):
 * reads of instances and ENIs in any region share its window, and each call carries one kind
 * in one region. A create's confirming read is waited on by the create, so its window is short;
 * refresh reads come from the engine all at once (`--parallel`) but reach the provider over a
 * second or more, so their window waits for them (`REFRESH_BATCHING`). If a batch fails as not
 * found (an ENI that no longer exists can fail the whole call), it is split in halves until the
 * missing target is alone, and that one reads as absent.
 */

import { MAX_IDS_PER_DESCRIBE, type EcsApi, type TargetGroups } from "../ecs/ecs-api";
import { classify } from "../errors/failure";
import { targetKey, targetOfKey, type TargetKind, type TargetRef } from "../schema/model";
import { ReadBatcher, type ReadBatcherOptions } from "./read-batcher";

/**
 * Batching of refresh reads: the window stays open while reads keep arriving (up to 100 ms
 * apart, for at most 5 s), and closes at once when as many reads as last time are in.
 */
export const REFRESH_BATCHING: ReadBatcherOptions = {
  windowMs: 100,
  maxWaitMs: 5_000,
  closeAtLastSize: true,
};

/**
 * Batching of the reads inside create and delete (before a write, after it): each operation
 * waits on its reads, two of them, so the window is short (it closes 3 ms after the last read
 * came, 10 ms after the first at most) rather than kept open by a steady stream of operations.
 * Operations started together (`--parallel` N) still share a call.
 */
export const OPERATION_BATCHING: ReadBatcherOptions = { windowMs: 3, maxWaitMs: 10 };

export type ReadPurpose = "confirm" | "refresh";

/** The call group of a batcher key (a `targetKey`): one kind in one region per Describe call. */
const groupOf = (key: string) => {
  const { kind, regionId } = targetOfKey(key);
  return `${kind} ${regionId}`;
};

export class TargetReader {
  private readonly batchers = new Map<ReadPurpose, ReadBatcher<TargetGroups>>();

  private readonly options: ReadBatcherOptions;
  private readonly refreshOptions: ReadBatcherOptions;

  /**
   * `options` batch the operations' reads (default `OPERATION_BATCHING`); `refreshOptions`
   * default to `REFRESH_BATCHING` with `options` over it.
   */
  constructor(
    private readonly api: EcsApi,
    options?: ReadBatcherOptions,
    refreshOptions?: ReadBatcherOptions,
  ) {
    this.options = options ?? OPERATION_BATCHING;
    this.refreshOptions = refreshOptions ?? { ...REFRESH_BATCHING, ...options };
  }

  /** The target's groups, or `null` if the target does not exist. Throws `EcsError`. */
  async read(target: TargetRef, purpose: ReadPurpose = "confirm"): Promise<TargetGroups | null> {
    let batcher = this.batchers.get(purpose);
    if (!batcher) {
      batcher = new ReadBatcher((keys) => this.loadGroup(keys), {
        maxBatchSize: MAX_IDS_PER_DESCRIBE,
        ...(purpose === "refresh" ? this.refreshOptions : this.options),
        groupOf,
      });
      this.batchers.set(purpose, batcher);
    }
    return (await batcher.get(targetKey(target))) ?? null;
  }

  /** One call group's keys (one kind, one region) to their targets' groups, by key. */
  private async loadGroup(keys: string[]): Promise<Map<string, TargetGroups>> {
    const { kind, regionId } = targetOfKey(keys[0]);
    const ids = keys.map((k) => targetOfKey(k).id);
    const found = await this.load(kind, regionId, ids);
    return new Map([...found].map(([id, t]) => [targetKey({ regionId, id }), t]));
  }

  private async load(
    kind: TargetKind,
    regionId: string,
    ids: string[],
  ): Promise<Map<string, TargetGroups>> {
    try {
      const found =
        kind === "instance"
          ? await this.api.describeInstances(regionId, ids)
          : await this.api.describeNetworkInterfaces(regionId, ids);
      return new Map(found.map((t) => [t.id, t]));
    } catch (error) {
      if (classify("read", error).class !== "gone") throw error;
      if (ids.length === 1) return new Map();
      const half = Math.ceil(ids.length / 2);
      const parts = await Promise.all([
        this.load(kind, regionId, ids.slice(0, half)),
        this.load(kind, regionId, ids.slice(half)),
      ]);
      return new Map(parts.flatMap((part) => [...part]));
    }
  }
}
