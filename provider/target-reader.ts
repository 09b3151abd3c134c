/**
 * Reads a target's security groups through batched Describe* calls: `DescribeInstances` with
 * `InstanceIds` and `DescribeNetworkInterfaces` with `NetworkInterfaceId.N`, up to 100 targets
 * per call, one batcher per (kind, region) on each `EcsApi` (which is per endpoint and
 * credentials). If a batch fails as not found (an ENI that no longer exists can fail the whole
 * call), it is split in halves until the missing target is alone, and that one reads as absent.
 */

import { MAX_IDS_PER_DESCRIBE, type EcsApi, type TargetGroups } from "./ecs-api";
import { classify } from "./failure";
import type { TargetKind, TargetRef } from "./model";
import { ReadBatcher, type ReadBatcherOptions } from "./read-batcher";

const ACTIONS: Record<TargetKind, string> = {
  instance: "DescribeInstances",
  networkInterface: "DescribeNetworkInterfaces",
};

export class TargetReader {
  private readonly batchers = new Map<string, ReadBatcher<TargetGroups>>();

  constructor(
    private readonly api: EcsApi,
    private readonly options: ReadBatcherOptions = {},
  ) {}

  /** The target's groups, or `null` if the target does not exist. Throws `EcsError`. */
  async read(target: TargetRef): Promise<TargetGroups | null> {
    const key = `${target.kind}|${target.regionId}`;
    let batcher = this.batchers.get(key);
    if (!batcher) {
      batcher = new ReadBatcher((ids) => this.load(target.kind, target.regionId, ids), {
        maxBatchSize: MAX_IDS_PER_DESCRIBE,
        ...this.options,
      });
      this.batchers.set(key, batcher);
    }
    return (await batcher.get(target.id)) ?? null;
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
      if (classify("read", ACTIONS[kind], error).class !== "gone") throw error;
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
