/** What the benchmark programs declare: memberships spread over the world's targets. */
import { eniId, extraGroup, instanceId } from "./world";

/** What the membership program declares per entry. */
export interface MembershipSpec {
  name: string;
  securityGroupId: string;
  instanceId?: string;
  networkInterfaceId?: string;
}

/**
 * `count` memberships spread over the targets: membership k joins target k mod T to extra
 * group floor(k / T), so consecutive declarations touch different targets. Instances first.
 */
export function spreadMemberships(count: number, instances: number, enis = 0): MembershipSpec[] {
  const targets = instances + enis;
  if (count > targets * 4) throw new Error(`bench: ${count} memberships need more targets`);
  return Array.from({ length: count }, (_, k) => {
    const t = k % targets;
    const g = Math.floor(k / targets);
    const target =
      t < instances ? { instanceId: instanceId(t) } : { networkInterfaceId: eniId(t - instances) };
    return { name: `m${k}`, securityGroupId: extraGroup(g), ...target };
  });
}

/** `perTarget` memberships for each of `instances` instances, declared instance by instance. */
export function membershipsPerInstance(instances: number, perTarget: number): MembershipSpec[] {
  const specs: MembershipSpec[] = [];
  for (let i = 0; i < instances; i++) {
    for (let g = 0; g < perTarget; g++) {
      specs.push({
        name: `i${i}-g${g}`,
        securityGroupId: extraGroup(g),
        instanceId: instanceId(i),
      });
    }
  }
  return specs;
}
