/** What the operations run on: one ECS client's API and reader, the coordinator, the clock. */

import type { TargetCoordinator } from "../concurrency/coordination";
import type { TargetReader } from "../concurrency/target-reader";
import type { EcsApi } from "../ecs/ecs-api";
import type { RetryDeps } from "../resilience/retry-context";
import type { RecordPolicy } from "./record-writes";
import type { Timeout } from "../schema/durations";

export interface OperationDeps extends RetryDeps {
  api: EcsApi;
  reader: TargetReader;
  coordinator: TargetCoordinator;
  /** Whether ownership records are written (per ECS client). */
  records: RecordPolicy;
  /** The operation's time limit when the caller sets it (a native request's `customTimeouts`). */
  timeout?: Timeout;
}
