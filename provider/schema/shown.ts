/**
 * Values as error messages show them. Every character outside printable ASCII is escaped
 * (`"sg-bp1\u0430bc"`, `"i-bp1abc\u200b"`), so a look-alike letter or an invisible character is
 * seen for what it is, and a long value is cut after its first 40 characters with its length
 * (`"sg-aaaa…" (10000 characters)`), so a runaway value cannot flood the output.
 */

/** Characters of a value shown before it is cut. */
export const SHOWN_CHARACTERS = 40;

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;
const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/;

const escaped = (text: string) =>
  text.replace(NOT_PRINTABLE_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const lengthNote = (text: string) =>
  text.length > SHOWN_CHARACTERS ? `… (${text.length} characters)` : "";

/** `"text"`, escaped as JSON and past printable ASCII, cut after 40 characters. */
export function quoted(text: string): string {
  const literal = escaped(JSON.stringify(text.slice(0, SHOWN_CHARACTERS)));
  if (text.length <= SHOWN_CHARACTERS) return literal;
  return `${literal.slice(0, -1)}…" (${text.length} characters)`;
}

/** The JSON type of a value as messages name it: `null`, `array`, `object`, `string`, … */
export const typeName = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

/** A value of any type, for "got …": `"sg-1"`, `number 42`, `array ["eni-1"]`, `null`. */
export function shown(value: unknown): string {
  if (typeof value === "string") return quoted(value);
  if (value === null || value === undefined) return typeName(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return `${typeName(value)} ${escaped(text.slice(0, SHOWN_CHARACTERS))}${lengthNote(text)}`;
}

/** A property name as written (`instanceID`), quoted when it is not a plain short identifier. */
export const shownName = (key: string): string =>
  PLAIN_NAME.test(key) && key.length <= SHOWN_CHARACTERS ? key : quoted(key);

/**
 * " (\u0430 at character 7 is not printable ASCII)" when `text` holds a character past printable
 * ASCII (a look-alike letter, an invisible space), else "". Characters count from 1.
 */
export function oddCharacterNote(text: string): string {
  const at = text.search(NOT_PRINTABLE_ASCII);
  if (at < 0) return "";
  return ` (${escaped(text[at])} at character ${at + 1} is not printable ASCII)`;
}

/**
 * Whether a value printed raw reads as what it is: a number, a boolean, or a string of at most
 * 40 printable ASCII characters.
 */
export const showsFaithfully = (value: unknown): boolean =>
  typeof value === "boolean" ||
  typeof value === "number" ||
  (typeof value === "string" &&
    value.length <= SHOWN_CHARACTERS &&
    value.search(NOT_PRINTABLE_ASCII) < 0);
