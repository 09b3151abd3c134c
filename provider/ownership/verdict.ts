/**
 * Whether a create may take part in a membership that already exists, from the ownership records
 * on the target. One made for this resource (`madeForThis`: its record was there first, or its
 * Join's answer was lost, or a racing delete joined again for its record) is its own; a record
 * of the same stack (a rename, a duplicate declaration) is shared at once; another stack's
 * record, or none at all (made outside Pulumi), needs `adoptExisting: true`.
 */

import { othersThan, ownersText, type Owner, type OwnerRecord } from "./records";

export type Verdict = { ok: true; adopted: boolean } | { ok: false; reason: string };

export function judgeExisting(
  records: OwnerRecord[],
  owner: Owner | undefined,
  options: { adoptExisting: boolean; madeForThis: boolean },
): Verdict {
  const others = othersThan(records, owner);
  if (options.madeForThis) return { ok: true, adopted: false };
  const sameStack = owner && others.some((r) => r.stackToken === owner.stackToken);
  if (sameStack || options.adoptExisting) return { ok: true, adopted: true };
  if (others.length > 0) {
    return {
      ok: false,
      reason:
        `another stack declares it (${ownersText(others)}). ` +
        "To share it, set adoptExisting: true on this resource: it then stays until the last " +
        "resource that declares it is destroyed",
    };
  }
  return {
    ok: false,
    reason:
      "no stack records owning it: it was made outside Pulumi " +
      "(or by a stack of a release before ownership records that has not run `pulumi up` since). " +
      "To manage it, set adoptExisting: true (pulumi destroy then removes it unless another stack " +
      "declares it); otherwise remove the membership outside Pulumi first",
  };
}
