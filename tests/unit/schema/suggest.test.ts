import { closestName, editDistance } from "../../../provider/schema/suggest";
import { TIMEOUT_KEYS } from "../../../provider/schema/durations";
import { INPUT_KEYS } from "../../../provider/schema/validation";

describe("editDistance", () => {
  // prettier-ignore
  const cases: [string, string, number][] = [
    ["", "", 0],
    ["abc", "abc", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["abc", "abd", 1],
    ["abc", "abcd", 1],
    ["abcd", "abc", 1],
    ["abc", "bc", 1],
    ["ab", "ba", 2],
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["delet", "delete", 1],
    ["instanceID", "instanceId", 1],
    ["Abc", "abc", 1],
  ];
  test.each(cases)("%j to %j is %d", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  test.each([
    ["securityGroup", "securityGroupId"],
    ["networkInterface", "instanceId"],
    ["kitten", "sitting"],
  ])("is symmetric: %s and %s", (a, b) => {
    expect(editDistance(a, b)).toBe(editDistance(b, a));
  });
});

describe("closestName", () => {
  // prettier-ignore
  const inputs: [string, string | undefined][] = [
    ["instanceID", "instanceId"],
    ["INSTANCEID", "instanceId"],
    ["securityGroupID", "securityGroupId"],
    ["securitygroupid", "securityGroupId"],
    ["securityGroupIds", "securityGroupId"],
    ["adoptExsiting", "adoptExisting"],
    ["regionID", "regionId"],
    ["region", "regionId"],
    ["timeout", "timeouts"],
    ["networkInterfaceID", "networkInterfaceId"],
    ["networkInterface", "networkInterfaceId"],
    ["colour", undefined],
    ["vpcId", undefined],
    ["", undefined],
  ];
  test.each(inputs)("among the inputs, %j suggests %j", (given, expected) => {
    expect(closestName(given, INPUT_KEYS)).toBe(expected);
  });

  // prettier-ignore
  const timeouts: [string, string | undefined][] = [
    ["delet", "delete"],
    ["Create", "create"],
    ["reed", "read"],
    ["destroy", undefined],
    ["update", undefined],
  ];
  test.each(timeouts)("among the timeouts, %j suggests %j", (given, expected) => {
    expect(closestName(given, TIMEOUT_KEYS)).toBe(expected);
  });

  test("an exact name is its own closest name", () => {
    for (const name of INPUT_KEYS) expect(closestName(name, INPUT_KEYS)).toBe(name);
  });

  test("a case-insensitive match wins over a nearer spelling, and keeps the known spelling", () => {
    expect(closestName("ab", ["ac", "AB"])).toBe("AB");
  });

  test("the nearest name wins; on a tie, the first listed", () => {
    expect(closestName("abcdef", ["abxxef", "abcdeg"])).toBe("abcdeg");
    expect(closestName("abcdef", ["abcdex", "abcdey"])).toBe("abcdex");
  });

  test("nothing known, nothing suggested", () => {
    expect(closestName("instanceId", [])).toBeUndefined();
  });

  describe("the distance allowed is a third of the given name, at least 2", () => {
    // prettier-ignore
    const cases: [string, string, number, boolean][] = [
      // length 1..8: at most 2
      ["x", "ab", 2, true],
      ["ab", "cdef", 4, false],
      ["abcde", "abcxy", 2, true],
      ["abcde", "abxyz", 3, false],
      ["abcdefgh", "abcdefxy", 2, true],
      ["abcdefgh", "abcdexyz", 3, false],
      // length 9..11: at most 3
      ["abcdefghi", "abcdefxyz", 3, true],
      ["abcdefghi", "abcdewxyz", 4, false],
      // length 12: at most 4
      ["abcdefghijkl", "abcdefghwxyz", 4, true],
      ["abcdefghijkl", "abcdefgvwxyz", 5, false],
    ];
    test.each(cases)(
      "%s vs %s (distance %d): suggested %s",
      (given, known, distance, suggested) => {
        expect(editDistance(given, known)).toBe(distance);
        expect(closestName(given, [known])).toBe(suggested ? known : undefined);
      },
    );
  });
});
