/**
 * Overlapping membership writes. ECS refuses a Join or Leave on a target while an earlier one is
 * still being carried out; here a Join or Leave keeps its target busy for `writeConflictMs` after
 * it was applied. Targets are keyed by the ENI whose groups change, so an instance and its
 * primary ENI are one target.
 */
import type { EmulatorConfig } from "./config";
import { EcsApiError } from "./ecs-api-error";
import { ERROR_CODES, type EcsErrorCode } from "./error-codes";

export class WriteConflicts {
  /** When the last Join or Leave was applied, by ENI ID (ms). */
  private readonly appliedAt = new Map<string, number>();

  constructor(
    private readonly config: EmulatorConfig,
    private readonly now: () => number,
  ) {}

  /** Throws the configured conflict if a write on this ENI is still in progress. */
  assertFree(eniId: string) {
    const at = this.appliedAt.get(eniId);
    if (at === undefined) return;
    if (this.now() < at + this.config.writeConflictMs) throw conflict(this.config.conflictCode);
    this.appliedAt.delete(eniId);
  }

  /** Records a write just applied on this ENI. */
  occupy(eniId: string) {
    if (this.config.writeConflictMs > 0) this.appliedAt.set(eniId, this.now());
  }
}

/** The conflict answer: a known code with its own status and message, any other as a 409. */
function conflict(code: string): EcsApiError {
  const entry = Object.hasOwn(ERROR_CODES, code)
    ? ERROR_CODES[code as EcsErrorCode]
    : ERROR_CODES["InvalidOperation.Conflict"];
  return new EcsApiError(code, entry.status, entry.message);
}
