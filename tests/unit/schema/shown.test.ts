import {
  oddCharacterNote,
  quoted,
  shown,
  shownName,
  showsFaithfully,
} from "../../../provider/schema/shown";

describe("quoted: a string as messages show it", () => {
  // prettier-ignore
  const cases: [string, string, string][] = [
    ["plain", "sg-bp1abc", '"sg-bp1abc"'],
    ["empty", "", '""'],
    ["JSON escapes", 'a"b\\c\n\t', '"a\\"b\\\\c\\n\\t"'],
    ["Cyrillic а", "sg-bp1\u0430bc", '"sg-bp1\\u0430bc"'],
    ["zero-width space", "i-1\u200b", '"i-1\\u200b"'],
    ["no-break space", "a\u00a0b", '"a\\u00a0b"'],
    ["DEL", "a\u007fb", '"a\\u007fb"'],
    ["byte-order mark", "\ufeffx", '"\\ufeffx"'],
    ["an emoji, as its surrogate pair", "x\u{1f600}", '"x\\ud83d\\ude00"'],
    ["40 characters, whole", "a".repeat(40), `"${"a".repeat(40)}"`],
    ["41 characters, cut", "a".repeat(41), `"${"a".repeat(40)}…" (41 characters)`],
    ["10,000 characters, cut", `sg-${"z".repeat(9997)}`, `"sg-${"z".repeat(37)}…" (10000 characters)`],
    ["cut, escapes kept", "\u0430".repeat(50), `"${"\\u0430".repeat(40)}…" (50 characters)`],
  ];
  test.each(cases)("%s", (_name, text, expected) => {
    expect(quoted(text)).toBe(expected);
  });

  test("the result is printable ASCII but for the ellipsis of a cut", () => {
    for (const [, text] of cases) expect(quoted(text).replace("…", "")).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe("shown: any value, for 'got …'", () => {
  test.each([
    ["sg-1", '"sg-1"'],
    [42, "number 42"],
    [true, "boolean true"],
    [null, "null"],
    [undefined, "undefined"],
    [["eni-1"], 'array ["eni-1"]'],
    [{ create: "5m" }, 'object {"create":"5m"}'],
    [["\u0430"], 'array ["\\u0430"]'],
  ] as [unknown, string][])("%j is %s", (value, expected) => {
    expect(shown(value)).toBe(expected);
  });

  test("a long non-string is cut too", () => {
    expect(shown(Array.from({ length: 100 }, (_, i) => i))).toBe(
      `array [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1… (291 characters)`,
    );
  });
});

describe("shownName, oddCharacterNote, showsFaithfully", () => {
  test("plain names stay bare, others are quoted", () => {
    expect(shownName("instanceID")).toBe("instanceID");
    expect(shownName("instance-id")).toBe('"instance-id"');
    expect(shownName("instanceId\u200b")).toBe('"instanceId\\u200b"');
    expect(shownName("x".repeat(41))).toBe(`"${"x".repeat(40)}…" (41 characters)`);
  });

  test("the first character past printable ASCII is named, counting from 1", () => {
    expect(oddCharacterNote("sg-bp1abc")).toBe("");
    expect(oddCharacterNote("sg-bp1\u0430b\u0430")).toBe(
      " (\\u0430 at character 7 is not printable ASCII)",
    );
    expect(oddCharacterNote("\u200b")).toBe(" (\\u200b at character 1 is not printable ASCII)");
  });

  test.each([
    ["sg-1", true],
    [7, true],
    [false, true],
    [null, false],
    ["a".repeat(40), true],
    ["a".repeat(41), false],
    ["sg-\u0430", false],
    ["i-1\u200b", false],
    ["a\nb", false],
    [["x"], false],
    [{ a: 1 }, false],
    [undefined, false],
  ] as [unknown, boolean][])("%j shows faithfully: %s", (value, faithful) => {
    expect(showsFaithfully(value)).toBe(faithful);
  });
});
