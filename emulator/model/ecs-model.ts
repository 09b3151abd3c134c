/**
 * The emulated region state and the rules that keep it consistent. Knows nothing of HTTP:
 * actions call these methods with parsed parameters and get plain objects or an `EcsApiError`.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorConfig } from "./config";
import { ecsError } from "./ecs-api-error";
import type {
  EniStatus,
  Instance,
  InstanceStatus,
  NetworkInterface,
  SecurityGroup,
  Vpc,
  VSwitch,
  World,
  WorldSnapshot,
} from "./world";
import { WriteConflicts } from "./write-conflicts";

/** The instance or ENI whose group list a membership call changes. */
export type Target =
  | { kind: "instance"; instance: Instance; eni: NetworkInterface }
  | { kind: "networkInterface"; eni: NetworkInterface };

interface PastMembership {
  at: number;
  before: string[];
}

const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export class EcsModel {
  readonly regions: Set<string>;
  readonly vpcs = new Map<string, Vpc>();
  readonly groups = new Map<string, SecurityGroup>();
  readonly instances = new Map<string, Instance>();
  readonly enis = new Map<string, NetworkInterface>();
  /** Recent membership writes per ENI, for the eventual-consistency lag. */
  private readonly history = new Map<string, PastMembership[]>();
  /** ENI IDs attached to each instance. */
  private readonly attachments = new Map<string, Set<string>>();
  /** Join and Leave calls still in progress, per target. */
  readonly writes: WriteConflicts;

  constructor(
    world: World,
    readonly config: EmulatorConfig,
    readonly now: () => number = Date.now,
  ) {
    const copy: World = structuredClone(world);
    this.regions = new Set(copy.regions);
    for (const v of copy.vpcs) this.vpcs.set(v.vpcId, v);
    for (const g of copy.securityGroups) this.groups.set(g.securityGroupId, g);
    for (const i of copy.instances) this.instances.set(i.instanceId, { ...i, tags: i.tags ?? {} });
    for (const e of copy.networkInterfaces) this.addEni({ ...e, tags: e.tags ?? {} });
    this.writes = new WriteConflicts(config, now);
  }

  toWorld(): WorldSnapshot {
    for (const i of this.instances.values()) this.settleInstance(i);
    for (const e of this.enis.values()) this.settleEni(e);
    return structuredClone({
      regions: [...this.regions],
      vpcs: [...this.vpcs.values()],
      securityGroups: [...this.groups.values()],
      instances: [...this.instances.values()],
      networkInterfaces: [...this.enis.values()],
    });
  }

  newId(prefix: string): string {
    const bytes = randomBytes(17);
    let id = `${prefix}-bp1`;
    for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
    return id;
  }

  isoNow(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  requireRegion(regionId: string | undefined): string {
    if (!regionId) throw ecsError("MissingParameter.RegionId");
    if (!this.regions.has(regionId)) throw ecsError("InvalidRegionId.NotFound");
    return regionId;
  }

  instance(instanceId: string, regionId?: string): Instance {
    if (!/^i-[0-9a-z]+$/.test(instanceId)) throw ecsError("InvalidInstanceId.Malformed");
    const found = this.instances.get(instanceId);
    if (!found || (regionId && found.regionId !== regionId))
      throw ecsError("InvalidInstanceId.NotFound");
    return this.settleInstance(found);
  }

  networkInterface(eniId: string, regionId?: string): NetworkInterface {
    const found = this.enis.get(eniId);
    if (!found || (regionId && found.regionId !== regionId)) {
      throw ecsError("InvalidEniId.NotFound", `The specified ENI ${eniId} is not found.`);
    }
    return this.settleEni(found);
  }

  group(groupId: string, regionId?: string): SecurityGroup {
    const found = this.groups.get(groupId);
    if (!found || (regionId && found.regionId !== regionId))
      throw ecsError("InvalidSecurityGroupId.NotFound");
    return found;
  }

  /** The VPC and vSwitch of a vSwitch ID in a region. */
  vSwitch(vSwitchId: string, regionId: string): { vpc: Vpc; vSwitch: VSwitch } {
    for (const vpc of this.vpcs.values()) {
      const vSwitch = vpc.vSwitches.find((s) => s.vSwitchId === vSwitchId);
      if (vSwitch && vpc.regionId === regionId) return { vpc, vSwitch };
    }
    throw ecsError("InvalidVSwitchId.NotFound");
  }

  primaryEni(instance: Instance): NetworkInterface {
    const eni = this.enis.get(instance.primaryNetworkInterfaceId);
    if (!eni) throw new Error(`emulator bug: ${instance.instanceId} has no primary ENI`);
    return eni;
  }

  /** The instance's groups (those of its primary ENI) as reads see them. */
  visibleInstanceGroups(instance: Instance): string[] {
    return this.visibleGroups(this.primaryEni(instance));
  }

  /** Group lists as reads see them: a write stays invisible for `consistencyLagMs`. */
  visibleGroups(eni: NetworkInterface): string[] {
    const past = this.history.get(eni.networkInterfaceId);
    if (!past) return eni.securityGroupIds;
    const horizon = this.now() - this.config.consistencyLagMs;
    const pending = past.filter((p) => p.at > horizon);
    if (pending.length === 0) {
      this.history.delete(eni.networkInterfaceId);
      return eni.securityGroupIds;
    }
    return pending[0].before;
  }

  /** Replaces an ENI's group list, remembering the old one for lagged reads. */
  setGroups(eni: NetworkInterface, groupIds: string[]) {
    if (this.config.consistencyLagMs > 0) {
      const past = this.history.get(eni.networkInterfaceId) ?? [];
      past.push({ at: this.now(), before: eni.securityGroupIds });
      this.history.set(eni.networkInterfaceId, past);
    }
    eni.securityGroupIds = [...groupIds];
  }

  /** Starts a timed transition: `status` now, `settlesTo` after `transitionMs`. */
  transitionInstance(instance: Instance, status: InstanceStatus, settlesTo: InstanceStatus) {
    instance.status = status;
    instance.pendingStatus = { status: settlesTo, at: this.later() };
  }

  transitionEni(eni: NetworkInterface, status: EniStatus, settlesTo: EniStatus) {
    eni.status = status;
    eni.pendingStatus = { status: settlesTo, at: this.later() };
  }

  private later(): string {
    return new Date(this.now() + this.config.transitionMs).toISOString();
  }

  settleInstance(instance: Instance): Instance {
    const pending = instance.pendingStatus;
    if (pending && Date.parse(pending.at) <= this.now()) {
      instance.status = pending.status;
      delete instance.pendingStatus;
    }
    return instance;
  }

  settleEni(eni: NetworkInterface): NetworkInterface {
    const pending = eni.pendingStatus;
    if (pending && Date.parse(pending.at) <= this.now()) {
      eni.status = pending.status;
      delete eni.pendingStatus;
    }
    return eni;
  }

  addEni(eni: NetworkInterface) {
    this.enis.set(eni.networkInterfaceId, eni);
    if (eni.instanceId) this.attach(eni, eni.instanceId);
  }

  /** Removes an ENI, forgetting its lag history. */
  deleteEni(eni: NetworkInterface) {
    this.detach(eni);
    this.enis.delete(eni.networkInterfaceId);
    this.history.delete(eni.networkInterfaceId);
  }

  attach(eni: NetworkInterface, instanceId: string) {
    eni.instanceId = instanceId;
    const set = this.attachments.get(instanceId) ?? new Set<string>();
    set.add(eni.networkInterfaceId);
    this.attachments.set(instanceId, set);
  }

  detach(eni: NetworkInterface) {
    if (!eni.instanceId) return;
    this.attachments.get(eni.instanceId)?.delete(eni.networkInterfaceId);
    delete eni.instanceId;
  }

  /** The ENIs attached to an instance, primary first. */
  enisOf(instanceId: string): NetworkInterface[] {
    const ids = [...(this.attachments.get(instanceId) ?? [])];
    return ids
      .map((id) => this.enis.get(id))
      .filter((e): e is NetworkInterface => e !== undefined)
      .sort((a, b) => (a.type === b.type ? 0 : a.type === "Primary" ? -1 : 1));
  }
}
