import { ownerOf, recordKey, recordsFor } from "../../../provider/ownership/records";
import { judgeExisting } from "../../../provider/ownership/verdict";

const owner = (stack: string, name: string) =>
  ownerOf(`urn:pulumi:${stack}::shop::pulumi-nodejs:dynamic/ecs:SecurityGroupMembership::${name}`)!;
const records = (...owners: ReturnType<typeof owner>[]) =>
  recordsFor(Object.fromEntries(owners.map((o) => [recordKey("sg-1", o), o.label])), "sg-1");

const me = owner("dev", "web");
const sibling = owner("dev", "web-renamed");
const other = owner("prod", "web");
const plain = { adoptExisting: false, madeForThis: false };

test("its own earlier run's membership is its own, not adopted", () => {
  expect(judgeExisting(records(me, other), me, { ...plain, madeForThis: true })).toEqual({
    ok: true,
    adopted: false,
  });
});

test("a record of the same stack is shared at once", () => {
  expect(judgeExisting(records(sibling), me, plain)).toEqual({ ok: true, adopted: true });
});

test("another stack's record needs adoptExisting, and the refusal names the owner", () => {
  const refused = judgeExisting(records(other), me, plain);
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.reason).toMatch(
    /another stack declares it \("shop\/prod\/web"\).*adoptExisting: true/,
  );
  expect(judgeExisting(records(other), me, { ...plain, adoptExisting: true })).toMatchObject({
    ok: true,
    adopted: true,
  });
});

test("no record at all: made outside Pulumi, needs adoptExisting", () => {
  const refused = judgeExisting([], me, plain);
  expect(!refused.ok && refused.reason).toMatch(/no stack records owning it.*adoptExisting: true/);
  expect(judgeExisting([], me, { ...plain, adoptExisting: true })).toMatchObject({
    ok: true,
    adopted: true,
  });
});
