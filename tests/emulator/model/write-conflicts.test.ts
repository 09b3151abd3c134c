/** The write-conflict window on the model, on an injected clock. */
import { DEFAULT_CONFIG, DEFAULT_IDS as ids, defaultWorld } from "../../../emulator";
import { EcsApiError } from "../../../emulator/model/ecs-api-error";
import { EcsModel } from "../../../emulator/model/ecs-model";
import { join, leave, resolveTarget } from "../../../emulator/model/membership-rules";

let nowMs = 1_000_000;
const model = (writeConflictMs: number) =>
  new EcsModel(defaultWorld(), { ...DEFAULT_CONFIG, writeConflictMs }, () => nowMs);

function codeOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof EcsApiError) return `${e.code} ${e.status}`;
    throw e;
  }
  return "ok";
}

const web1 = (m: EcsModel) => resolveTarget(m, { instanceId: ids.web1 });

it("a Join keeps its target busy until writeConflictMs after it was applied", () => {
  const m = model(1000);
  join(m, web1(m), ids.appGroup);
  nowMs += 999;
  expect(codeOf(() => leave(m, web1(m), ids.appGroup))).toBe("InvalidOperation.Conflict 409");
  nowMs += 1;
  expect(codeOf(() => leave(m, web1(m), ids.appGroup))).toBe("ok");
  expect(codeOf(() => join(m, web1(m), ids.dbGroup))).toBe("InvalidOperation.Conflict 409");
  expect(m.primaryEni(m.instance(ids.web1)).securityGroupIds).toEqual([ids.webGroup]);
});

it("the window is read when a write comes in, so shortening it frees targets at once", () => {
  const m = model(60_000);
  join(m, web1(m), ids.appGroup);
  nowMs += 10;
  expect(codeOf(() => join(m, web1(m), ids.dbGroup))).toBe("InvalidOperation.Conflict 409");
  m.config.writeConflictMs = 5;
  expect(codeOf(() => join(m, web1(m), ids.dbGroup))).toBe("ok");
});

it("with the window at 0 nothing is ever busy", () => {
  const m = model(0);
  join(m, web1(m), ids.appGroup);
  expect(codeOf(() => join(m, web1(m), ids.dbGroup))).toBe("ok");
  expect(codeOf(() => leave(m, web1(m), ids.webGroup))).toBe("ok");
});
