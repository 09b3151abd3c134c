import {
  isThrottlingCode,
  CODE_GROUPS,
  classifyCode,
  type Operation,
} from "../../../provider/errors/error-classes";
import { classify, fatalMessage } from "../../../provider/errors/failure";
import { EcsError } from "../../../provider/ecs/ecs-error";

const OPERATIONS: Operation[] = ["create", "read", "delete"];

describe("the classification table, walked code by code", () => {
  const rows = CODE_GROUPS.flatMap((group) =>
    (group.operations ?? OPERATIONS).flatMap((operation) =>
      group.codes.map((code) => [operation, code, group.class, group.name] as const),
    ),
  );

  test.each(rows)("%s: %s is %s (%s)", (operation, code, cls, name) => {
    const result = classifyCode(operation, code);
    expect(result).toMatchObject({ class: cls, group: name, known: true });
    expect(result.hint.length).toBeGreaterThan(20);
  });

  test.each(
    CODE_GROUPS.flatMap((g) => (g.prefixes ?? []).map((p) => [p, g.name, g.class] as const)),
  )("prefix %s: a new code under it is %s (%s)", (prefix, name, cls) => {
    expect(classifyCode("create", `${prefix}SomethingNew`)).toMatchObject({
      group: name,
      class: cls,
    });
  });

  test.each(OPERATIONS)("no code is in two groups for %s", (operation) => {
    const seen = new Map<string, string>();
    for (const group of CODE_GROUPS.filter(
      (g) => !g.operations || g.operations.includes(operation),
    )) {
      for (const code of group.codes) {
        expect(seen.get(code)).toBeUndefined();
        seen.set(code, group.name);
      }
    }
  });

  test("every group says why its codes belong together (a hint per group)", () => {
    for (const group of CODE_GROUPS) expect(group.hint).toMatch(/\w{3,}/);
  });
});

describe("per operation", () => {
  // prettier-ignore
  const cases: [string, Operation, string][] = [
    ["InvalidInstanceId.NotFound", "create", "fatal"],
    ["InvalidInstanceId.NotFound", "read", "gone"],
    ["InvalidInstanceId.NotFound", "delete", "gone"],
    ["InvalidEniId.NotFound", "create", "fatal"],
    ["InvalidEniId.NotFound", "delete", "gone"],
    ["InvalidSecurityGroupId.NotFound", "create", "fatal"],
    ["InvalidSecurityGroupId.NotFound", "delete", "gone"],
    ["InvalidSecurityGroupAssociation.NotFound", "delete", "gone"],
    ["InvalidSecurityGroupAssociation.NotFound", "create", "fatal"],
    ["InstanceNotInSecurityGroup", "delete", "gone"],
    ["Throttling.User", "create", "retry"],
    ["Throttling.Resource", "delete", "retry"],
    ["Forbidden.InstanceIsBeingCreated", "create", "wait-for-state"],
    ["Forbidden.RAM", "create", "fatal"],
    ["MissingParameter.RegionId", "delete", "fatal"],
  ];
  test.each(cases)("%s on %s is %s", (code, operation, cls) => {
    expect(classifyCode(operation, code).class).toBe(cls);
  });

  test("exact codes win over prefixes", () => {
    expect(classifyCode("create", "Forbidden.InstanceIsBeingCreated").group).toBe("target-busy");
    expect(classifyCode("create", "MissingSecurityToken").group).toBe("credentials");
  });

  test("answer-lost and server errors are marked outcome-unknown, refused connections are not", () => {
    expect(classifyCode("create", "ECONNRESET").outcomeUnknown).toBe(true);
    expect(classifyCode("create", "ReadTimeout").outcomeUnknown).toBe(true);
    expect(classifyCode("create", "InternalError").outcomeUnknown).toBe(true);
    expect(classifyCode("create", "ECONNREFUSED").outcomeUnknown).toBe(false);
    expect(classifyCode("create", "Throttling.User").outcomeUnknown).toBe(false);
  });
});

describe("unknown codes", () => {
  test.each(OPERATIONS)("are fatal on %s", (operation) => {
    expect(classifyCode(operation, "Brand.NewCode")).toMatchObject({
      class: "fatal",
      known: false,
      group: "unknown",
    });
  });

  test("are quoted verbatim in the message, with action, target, group, RequestId and a hint", () => {
    const failure = classify(
      "create",
      new EcsError("JoinSecurityGroup", "Brand.NewCode", "Something odd.", {
        status: 400,
        requestId: "REQ-9",
      }),
    );
    const message = fatalMessage(
      { target: { kind: "instance", id: "i-1", regionId: "cn-hangzhou" }, securityGroupId: "sg-1" },
      failure,
    );
    expect(message).toBe(
      'JoinSecurityGroup failed for instance i-1, security group sg-1, region cn-hangzhou: "Brand.NewCode" ' +
        "(an ECS code this provider does not know, quoted verbatim) (HTTP 400, RequestId REQ-9): Something odd. " +
        `What to do: ${failure.hint}`,
    );
  });
});

test("throttling is decided by the table's throttling group, codes and prefixes", () => {
  expect(["Throttling", "Throttling.User", "Throttling.Api"].every(isThrottlingCode)).toBe(true);
  expect(
    ["ServiceUnavailable", "InvalidParameter.Throttling", "SomeThrottling"].some(isThrottlingCode),
  ).toBe(false);
});

test("group names are the table's: a misspelt one does not compile", () => {
  const { group } = classifyCode("create", "InvalidInstanceId.AlreadyExists");
  expect(group).toBe("already-member");
  // @ts-expect-error TS2367: "already-memebr" is not a group of the table
  expect(group === "already-memebr").toBe(false);
});
