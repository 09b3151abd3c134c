import type { RunningEmulator } from "../emulator";
import type { MembershipSpec } from "./membership-specs";
import { BASE_GROUP } from "./world";

/**
 * Memberships the emulator shows against those declared: `missing` declared but absent,
 * `leaked` present but neither declared nor the base group.
 */
export async function membershipDrift(emulator: RunningEmulator, declared: MembershipSpec[]) {
  const world = await emulator.control.state();
  const actual = new Map<string, Set<string>>();
  for (const eni of world.networkInterfaces) {
    const key = eni.type === "Primary" && eni.instanceId ? eni.instanceId : eni.networkInterfaceId;
    actual.set(key, new Set(eni.securityGroupIds));
  }
  const wanted = new Set(
    declared.map((s) => `${s.instanceId ?? s.networkInterfaceId}|${s.securityGroupId}`),
  );
  let missing = 0;
  let leaked = 0;
  for (const key of wanted) {
    const [target, group] = key.split("|");
    if (!actual.get(target)?.has(group)) missing++;
  }
  for (const [target, groups] of actual) {
    for (const group of groups) {
      if (group !== BASE_GROUP && !wanted.has(`${target}|${group}`)) leaked++;
    }
  }
  return { missing, leaked };
}
