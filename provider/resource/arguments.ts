/**
 * The constructor's own checks of its arguments, for what `check` cannot see or would see too
 * late: a missing group or target (with the typo that explains it), an output passed as an
 * argument, and an unknown argument, `id` and `urn` included (the SDK drops those two from the
 * inputs, so they would vanish without a word). `null` counts as not given, as in `check`.
 *
 * They throw `pulumi.RunError`: the Node.js language host prints one as its message alone
 * (cmd/run/run.js, "Always hide the stack for RunErrors"), like Pulumi's own input errors, where
 * any other error is "failed with an unhandled exception" and a stack. A `ResourceError` would
 * need the resource, which does not exist yet.
 */

import * as pulumi from "@pulumi/pulumi";
import { quoted, shownName } from "../schema/shown";
import { closestName } from "../schema/suggest";
import { CLASS_KEYS, INPUT_KEYS, OUTPUT_ONLY_KEYS } from "../schema/validation";

const given = (value: unknown) => value !== undefined && value !== null;
const isOneOf = (key: string, keys: readonly string[]) => keys.includes(key);

/** Keys Pulumi keeps for itself, with what they name. */
const RESERVED: Readonly<Record<string, string>> = { id: "ID", urn: "URN" };

/**
 * " (instanceID: did you mean instanceId?)" for misspelt arguments, so the first error names the
 * real mistake.
 */
function typoHint(args: object): string {
  const hints = Object.keys(args)
    .filter((key) => !isOneOf(key, INPUT_KEYS))
    .map((key) => [key, closestName(key, INPUT_KEYS)])
    .filter(([, known]) => known)
    .map(([key, known]) => `${shownName(key!)}: did you mean ${known}?`);
  return hints.length ? ` (${hints.join("; ")})` : "";
}

/** Why an argument the class does not take is there, or `undefined` when every one is known. */
function strayArgumentProblem(args: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(args)) {
    // The SDK drops undefined values; the class sets `owner` itself, whatever was passed.
    if (value === undefined || isOneOf(key, INPUT_KEYS) || isOneOf(key, CLASS_KEYS)) continue;
    if (isOneOf(key, OUTPUT_ONLY_KEYS)) continue; // given ones are reported before
    if (RESERVED[key]) {
      return (
        `${key} is reserved by Pulumi for the resource's own ${RESERVED[key]} and cannot be an ` +
        `argument (the target is instanceId or networkInterfaceId; to look up an existing ` +
        `membership by its ID, use SecurityGroupMembership.get(name, id))`
      );
    }
    const guess = closestName(key, INPUT_KEYS);
    return (
      `${shownName(key)} is not an argument${guess ? ` (did you mean ${guess}?)` : ""}; ` +
      `the arguments are ${INPUT_KEYS.join(", ")}`
    );
  }
  return undefined;
}

/** The first problem of the arguments, or `undefined`. */
export function argumentsProblem(args: Record<string, unknown> | undefined): string | undefined {
  if (!args || !given(args.securityGroupId))
    return `securityGroupId is required${typoHint(args ?? {})}`;
  const outputs = OUTPUT_ONLY_KEYS.filter((key) => given(args[key]));
  if (outputs.length === 1) return `${outputs[0]} is an output, not an argument`;
  if (outputs.length > 1) return `${outputs.join(", ")} are outputs, not arguments`;
  const targets = [args.instanceId, args.networkInterfaceId].filter(given);
  if (targets.length !== 1) {
    const count = targets.length === 0 ? "neither" : "both";
    return `exactly one of instanceId or networkInterfaceId is required (${count} given)${typoHint(args)}`;
  }
  return strayArgumentProblem(args);
}

/** Throws a `pulumi.RunError` naming the resource and the first problem of its arguments. */
export function assertArgs(name: string, args: object | undefined): void {
  const problem = argumentsProblem(args as Record<string, unknown> | undefined);
  if (problem) throw new pulumi.RunError(`SecurityGroupMembership ${quoted(name)}: ${problem}.`);
}
