/**
 * Ownership records: one ECS tag on the target per (security group, owner), the pattern of
 * Kubernetes cloud providers' `kubernetes.io/cluster/<id>` tags. An owner is one resource of one
 * stack, named by its URN (the `owner` input the class computes). The key carries only hashes of
 * the stack and of the URN, so it is short and fixed in form; the value is a readable label.
 *
 *   sg-membership/<securityGroupId>/<stack token>/<resource token> = <project>/<stack>/<name>
 */

import { createHash } from "node:crypto";
import { URN_PATTERN } from "../schema/model";

/** Every record key starts with this. */
export const RECORD_PREFIX = "sg-membership/";
/** ECS's bounds on a tag key and value (characters). */
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 128;
/** Custom tags ECS allows on one instance or ENI. */
export const MAX_TAGS_PER_TARGET = 20;

const TOKEN_LENGTH = 12;
/** Longest group ID kept verbatim in a key; a longer one (none is) is hashed to fit. */
const MAX_VERBATIM_GROUP_ID = 80;

const hash = (...parts: string[]) =>
  createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, TOKEN_LENGTH);

/** One owner, from its URN `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export interface Owner {
  urn: string;
  /** Same for every resource of one stack of one project. */
  stackToken: string;
  resourceToken: string;
  /** `<project>/<stack>/<name>`, for messages and the tag value. */
  label: string;
}

/** The owner a URN names, or `undefined` if it is not a URN. */
export function ownerOf(urn: string): Owner | undefined {
  const match = URN_PATTERN.exec(urn);
  if (!match) return undefined;
  const [, stack, project, name] = match;
  return {
    urn,
    stackToken: hash("stack", project, stack),
    resourceToken: hash("resource", urn),
    label: `${project}/${stack}/${name}`,
  };
}

const groupPart = (securityGroupId: string) =>
  securityGroupId.length <= MAX_VERBATIM_GROUP_ID ? securityGroupId : `h${hash(securityGroupId)}`;

/** The record key of `owner` for membership in `securityGroupId`. */
export const recordKey = (securityGroupId: string, owner: Owner): string =>
  `${RECORD_PREFIX}${groupPart(securityGroupId)}/${owner.stackToken}/${owner.resourceToken}`;

/** The tag value: the label, cut to ECS's rules (no `http://`, no reserved prefix, 128 at most). */
export function recordValue(owner: Owner): string {
  const plain = owner.label.replace(/https?:\/\//gi, "");
  const safe = /^(aliyun|acs:)/i.test(plain) ? `pulumi/${plain}` : plain;
  return safe.slice(0, MAX_TAG_VALUE_LENGTH);
}

/** A record found on a target. */
export interface OwnerRecord {
  key: string;
  stackToken: string;
  resourceToken: string;
  label: string;
}

/** The records on a target (its tags) for one group. */
export function recordsFor(
  tags: Readonly<Record<string, string>>,
  securityGroupId: string,
): OwnerRecord[] {
  const prefix = `${RECORD_PREFIX}${groupPart(securityGroupId)}/`;
  return Object.entries(tags).flatMap(([key, label]) => {
    if (!key.startsWith(prefix)) return [];
    const [stackToken, resourceToken, ...rest] = key.slice(prefix.length).split("/");
    if (!stackToken || !resourceToken || rest.length > 0) return [];
    return [{ key, stackToken, resourceToken, label }];
  });
}

/** The records of owners other than `owner` (all of them without an owner). */
export const othersThan = (records: OwnerRecord[], owner: Owner | undefined): OwnerRecord[] =>
  records.filter((r) => !owner || r.resourceToken !== owner.resourceToken);

/** How other owners read in a message: `"p/dev/a", "p/prod/b"`. */
export const ownersText = (records: OwnerRecord[]): string =>
  records.map((r) => JSON.stringify(r.label)).join(", ");
