/**
 * `check`'s failures as the engine is handed them. The engine prints a failure that names a
 * property as "<type> resource '<name>': property P value {V} has a problem: <reason>", with V
 * the raw input, whole (pkg/resource/deploy/step_generator.go, `issueCheckFailures`): a
 * 10,000-character ID made a 10 KB line, a Cyrillic `а` looked like a Latin `a`, and a missing
 * or nested property (`timeouts.create`) showed as `{<nil>}`. So a failure names its property to
 * the engine only when the name and the value read as they are (a short, printable ASCII
 * scalar). Otherwise it goes without one, the engine prints "<type> resource '<name>' has a
 * problem: <reason>", and the reason, which names the property and quotes the value escaped and
 * cut, is what the user reads.
 */

import { shownName, showsFaithfully } from "./shown";
import { checkInputs, type CheckFailure, type CheckResult } from "./validation";

/** The failures, with `property` cleared where the engine would not echo the value faithfully. */
export function forEngine(
  failures: readonly CheckFailure[],
  news: Readonly<Record<string, unknown>>,
): CheckFailure[] {
  return failures.map((failure) => {
    const { property } = failure;
    const value = Object.hasOwn(news, property) ? news[property] : undefined;
    const echoed = shownName(property) === property && showsFaithfully(value);
    return echoed ? failure : { property: "", reason: failure.reason };
  });
}

/** `checkInputs`, answered as the provider's `check` answers the engine. */
export function checkForEngine(
  news: Record<string, unknown>,
  context: Parameters<typeof checkInputs>[1],
): CheckResult {
  const { inputs, failures } = checkInputs(news, context);
  return { inputs, failures: forEngine(failures, news) };
}
