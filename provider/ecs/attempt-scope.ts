/**
 * Which attempt of the retry loop an ECS call belongs to, for the ECS call log: the loop runs
 * each attempt in a scope, and the call log reads it. Calls outside an attempt (polls of a
 * target's state, batched reads serving several operations) have none.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<number>();

export const inAttempt = <T>(attempt: number, run: () => Promise<T>): Promise<T> =>
  scope.run(attempt, run);

export const outsideAttempt = <T>(run: () => Promise<T>): Promise<T> => scope.exit(run);

export const currentAttempt = (): number | undefined => scope.getStore();
