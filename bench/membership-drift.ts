import type { RunningEmulator } from "../emulator";
import { RECORD_PREFIX } from "../provider/ownership/records";
import type { MembershipSpec } from "./membership-specs";
import { BASE_GROUP } from "./world";

/**
 * Memberships and ownership records the emulator shows against those declared (by one stack):
 * `missing` declared but absent (the membership, or its one record), `leaked` present but not
 * declared (a group beyond the base group, or a record beyond one per declared membership).
 */
export async function membershipDrift(emulator: RunningEmulator, declared: MembershipSpec[]) {
  const world = await emulator.control.state();
  const actual = new Map<string, Set<string>>();
  const records = new Map<string, number>();
  const countRecords = (target: string, tags: Record<string, string>) => {
    for (const key of Object.keys(tags).filter((k) => k.startsWith(RECORD_PREFIX))) {
      const group = key.slice(RECORD_PREFIX.length).split("/")[0];
      records.set(`${target}|${group}`, (records.get(`${target}|${group}`) ?? 0) + 1);
    }
  };
  for (const eni of world.networkInterfaces) {
    const key = eni.type === "Primary" && eni.instanceId ? eni.instanceId : eni.networkInterfaceId;
    actual.set(key, new Set(eni.securityGroupIds));
    if (eni.type !== "Primary") countRecords(key, eni.tags);
  }
  for (const instance of world.instances) countRecords(instance.instanceId, instance.tags);
  const wanted = new Set(
    declared.map((s) => `${s.instanceId ?? s.networkInterfaceId}|${s.securityGroupId}`),
  );
  let missing = 0;
  let leaked = 0;
  for (const key of wanted) {
    const [target, group] = key.split("|");
    if (!actual.get(target)?.has(group)) missing++;
    if (!records.has(key)) missing++;
  }
  for (const [target, groups] of actual) {
    for (const group of groups) {
      if (group !== BASE_GROUP && !wanted.has(`${target}|${group}`)) leaked++;
    }
  }
  for (const [key, count] of records) leaked += wanted.has(key) ? count - 1 : count;
  return { missing, leaked };
}
