import { ClientError, ServerError, ThrottlingError } from "@alicloud/openapi-core";
import { classifyCode, type Operation } from "../../../provider/errors/error-classes";
import {
  classify,
  deadlineMessage,
  errorText,
  fatalMessage,
  type Failure,
} from "../../../provider/errors/failure";
import { EcsError, toEcsError } from "../../../provider/ecs/ecs-error";
import { SecurityGroupMembershipError } from "../../../provider/operations/operation-errors";
import type { MembershipRef } from "../../../provider/schema/model";

/** As the adapter hands errors on: mapped to an `EcsError` of the action, then classified. */
const classifyAs = (operation: Operation, action: string, error: unknown) =>
  classify(operation, toEcsError(action, error));

const onInstance: MembershipRef = {
  target: { kind: "instance", id: "i-bp1abc", regionId: "cn-hangzhou" },
  securityGroupId: "sg-bp1def",
};
const onEni: MembershipRef = {
  target: { kind: "networkInterface", id: "eni-bp1xyz", regionId: "eu-central-1" },
  securityGroupId: "sg-bp1def",
};

/** An error body as ECS sends it, turned into the SDK error the SDK throws for it (openapi-core `doRPCRequest`). */
function sdkError(status: number, body: Record<string, unknown>, retryAfter?: number): Error {
  const requestId = body.RequestId;
  const code = String(body.Code);
  const map = {
    statusCode: status,
    code,
    message: `code: ${status}, ${String(body.Message)} request id: ${String(requestId)}`,
    detail: `${String(body.Detail)}`,
    description: `${String(body.Description)}`,
    data: body,
    requestId: `${String(requestId)}`,
  };
  if (code.includes("Throttling")) return new ThrottlingError({ ...map, retryAfter });
  return status >= 400 && status < 500 ? new ClientError(map) : new ServerError(map);
}

/** What httpx throws on a timeout. */
function requestTimeout(message: string): Error {
  const error = new Error(message);
  error.name = "RequestTimeoutError";
  return error;
}

/** What Node throws for a refused connection. */
function refused(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
    code: "ECONNREFUSED",
    errno: -111,
    syscall: "connect",
  });
}

function jsonSyntaxError(): SyntaxError {
  try {
    JSON.parse("<html>502 Bad Gateway</html>");
  } catch (error) {
    return error as SyntaxError;
  }
  throw new Error("JSON.parse accepted HTML");
}

const throttled = () =>
  sdkError(
    400,
    {
      RequestId: "R-1",
      Code: "Throttling.User",
      Message: "Request was denied due to user flow control.",
    },
    1500,
  );
const lastGroup = () =>
  sdkError(403, {
    RequestId: "R-2",
    Code: "InstanceLastSecurityGroup",
    Message: "The specified security group is the last one of the instance.",
  });
const brandNew = () =>
  sdkError(400, { RequestId: "R-9", Code: "Brand.NewCode", Message: "Something odd." });

describe("classify: SDK error shapes become plain failures", () => {
  test("ThrottlingError: retry, with status, RequestId, ECS's message and x-acs-retry-after", () => {
    const f = classifyAs("create", "JoinSecurityGroup", throttled());
    expect(f).toEqual({
      class: "retry",
      group: "throttling",
      hint: classifyCode("create", "Throttling.User").hint,
      outcomeUnknown: false,
      known: true,
      action: "JoinSecurityGroup",
      code: "Throttling.User",
      detail: "Request was denied due to user flow control.",
      status: 400,
      requestId: "R-1",
      retryAfterMs: 1500,
      transport: false,
    });
  });

  test("ClientError: a fatal code keeps status, RequestId and ECS's message", () => {
    expect(classifyAs("delete", "LeaveSecurityGroup", lastGroup())).toMatchObject({
      class: "fatal",
      group: "last-group",
      known: true,
      code: "InstanceLastSecurityGroup",
      detail: "The specified security group is the last one of the instance.",
      status: 403,
      requestId: "R-2",
      transport: false,
    });
  });

  test("the failure is plain data: no SDK object inside", () => {
    const f = classifyAs("create", "JoinSecurityGroup", throttled());
    expect(Object.values(f).every((v) => v === undefined || typeof v !== "object")).toBe(true);
    expect(JSON.parse(JSON.stringify(f))).toEqual(
      Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)),
    );
  });

  // prettier-ignore
  const byOperation: [Operation, string, string][] = [
    ["create", "fatal", "not-found"],
    ["read", "gone", "not-found"],
    ["delete", "gone", "not-found"],
  ];
  test.each(byOperation)("the same NotFound ClientError on %s is %s", (operation, cls, group) => {
    const error = sdkError(404, {
      RequestId: "R-3",
      Code: "InvalidInstanceId.NotFound",
      Message: "The specified InstanceId does not exist.",
    });
    expect(classifyAs(operation, "X", error)).toMatchObject({ class: cls, group, known: true });
  });

  test("ServerError 500: retried, and the outcome is unknown", () => {
    const error = sdkError(500, { RequestId: "R-4", Code: "InternalError", Message: "oops" });
    expect(classifyAs("create", "JoinSecurityGroup", error)).toMatchObject({
      class: "retry",
      group: "server-error",
      outcomeUnknown: true,
      status: 500,
      requestId: "R-4",
      transport: false,
    });
  });

  test('a body without RequestId: the SDK\'s "undefined" is not taken as one', () => {
    const error = sdkError(503, { Code: "ServiceUnavailable", Message: "busy" });
    expect((error as Error & { requestId?: string }).requestId).toBe("undefined");
    const f = classifyAs("read", "DescribeInstances", error);
    expect(f).toMatchObject({ class: "retry", group: "unavailable", status: 503 });
    expect(f.requestId).toBeUndefined();
  });

  test("an unknown code is fatal and marked unknown", () => {
    expect(classifyAs("create", "JoinSecurityGroup", brandNew())).toMatchObject({
      class: "fatal",
      group: "unknown",
      known: false,
      code: "Brand.NewCode",
      status: 400,
      requestId: "R-9",
    });
  });

  // prettier-ignore
  const transport: [string, () => unknown, string, string, boolean][] = [
    ["a read timeout", () => requestTimeout("ReadTimeout: 10000. POST /?Action=JoinSecurityGroup failed."), "ReadTimeout", "answer-lost", true],
    ["a connect timeout", () => requestTimeout("ConnectTimeout: Connect http://127.0.0.1:9/ failed."), "ConnectTimeout", "unreachable", false],
    ["a refused connection", refused, "ECONNREFUSED", "unreachable", false],
    ["a non-JSON gateway page", jsonSyntaxError, "NonJsonResponse", "answer-lost", true],
    ["a hang-up without a code", () => new Error("socket hang up"), "ECONNRESET", "answer-lost", true],
  ];
  test.each(transport)(
    "%s: a retried transport failure, no status or RequestId",
    (_name, make, code, group, outcomeUnknown) => {
      const f = classifyAs("create", "JoinSecurityGroup", make());
      expect(f).toMatchObject({ class: "retry", code, group, outcomeUnknown, transport: true });
      expect(f.status).toBeUndefined();
      expect(f.requestId).toBeUndefined();
    },
  );

  test("an EcsError passes through unchanged", () => {
    const error = new EcsError("LeaveSecurityGroup", "OperationConflict", "busy", {
      status: 409,
      requestId: "R-5",
      retryAfterMs: 200,
    });
    expect(classifyAs("delete", "ignored", error)).toMatchObject({
      action: "LeaveSecurityGroup",
      code: "OperationConflict",
      class: "retry",
      group: "conflict",
      status: 409,
      requestId: "R-5",
      retryAfterMs: 200,
    });
  });

  test("anything else thrown inside the SDK is fatal, not retried", () => {
    expect(classifyAs("create", "JoinSecurityGroup", new TypeError("boom"))).toMatchObject({
      class: "fatal",
      code: "ClientInternal",
      detail: "boom",
      transport: false,
    });
  });
});

describe("errorText", () => {
  test("a known code: code, HTTP status, RequestId, then ECS's message without its full stop", () => {
    expect(errorText(classifyAs("create", "JoinSecurityGroup", throttled()))).toBe(
      "Throttling.User (HTTP 400, RequestId R-1): Request was denied due to user flow control",
    );
  });

  test("an unknown code is quoted verbatim and said to be unknown", () => {
    expect(errorText(classifyAs("create", "JoinSecurityGroup", brandNew()))).toBe(
      '"Brand.NewCode" (an ECS code this provider does not know, quoted verbatim) ' +
        "(HTTP 400, RequestId R-9): Something odd",
    );
  });

  test("an unknown code keeps its exact spelling and case", () => {
    const f = classifyAs("read", "X", new EcsError("X", "invalidFoo.bar_Baz", "no"));
    expect(errorText(f)).toMatch(/^"invalidFoo\.bar_Baz" \(an ECS code/);
  });

  test("a transport failure says no answer was received", () => {
    expect(errorText(classifyAs("create", "JoinSecurityGroup", refused()))).toBe(
      "ECONNREFUSED (no answer received, RequestId none): connect ECONNREFUSED 127.0.0.1:9",
    );
  });

  test("a failure without status or RequestId says so", () => {
    const f = classifyAs("create", "X", new EcsError("X", "InvalidCredentials", "no key."));
    expect(errorText(f)).toBe("InvalidCredentials (HTTP unknown, RequestId none): no key");
  });

  test.each([
    ["The group is full.", "The group is full"],
    ["The group is full...", "The group is full"],
    ["The group is full. \n", "The group is full"],
    ["See e.g. the docs", "See e.g. the docs"],
  ])("trailing dots and whitespace are dropped: %j", (detail, shown) => {
    const f = classifyAs(
      "create",
      "X",
      new EcsError("X", "OperationDenied", detail, { status: 403 }),
    );
    expect(errorText(f)).toBe(`OperationDenied (HTTP 403, RequestId none): ${shown}`);
  });
});

describe("fatalMessage", () => {
  test("names the action, target, group, region, code, status, RequestId, message and hint", () => {
    const f = classifyAs("delete", "LeaveSecurityGroup", lastGroup());
    expect(fatalMessage(onInstance, f)).toBe(
      "LeaveSecurityGroup failed for instance i-bp1abc, security group sg-bp1def, region cn-hangzhou: " +
        "InstanceLastSecurityGroup (HTTP 403, RequestId R-2): " +
        "The specified security group is the last one of the instance. " +
        `What to do: ${f.hint}`,
    );
  });

  test("an ENI is named as a network interface", () => {
    const f = classifyAs("create", "JoinSecurityGroup", brandNew());
    expect(fatalMessage(onEni, f)).toBe(
      "JoinSecurityGroup failed for network interface eni-bp1xyz, security group sg-bp1def, region eu-central-1: " +
        '"Brand.NewCode" (an ECS code this provider does not know, quoted verbatim) (HTTP 400, RequestId R-9): ' +
        `Something odd. What to do: ${f.hint}`,
    );
    expect(f.hint).toMatch(/does not know this ECS code.*RequestId/);
  });

  test.each([
    ["without a full stop", "The target may now be in the group"],
    ["with a full stop", "The target may now be in the group."],
  ])("a note %s goes before the hint, ending in one full stop", (_name, note) => {
    const f = classifyAs("delete", "LeaveSecurityGroup", lastGroup());
    expect(fatalMessage(onInstance, f, note)).toContain(
      "last one of the instance. The target may now be in the group. What to do: ",
    );
  });

  test("an empty note adds nothing", () => {
    const f = classifyAs("delete", "LeaveSecurityGroup", lastGroup());
    expect(fatalMessage(onInstance, f, "")).toBe(fatalMessage(onInstance, f));
  });

  // Every shape a user can meet carries everything they need to act on it.
  // prettier-ignore
  const shapes: [string, Operation, string, () => unknown, RegExp][] = [
    ["throttled", "create", "JoinSecurityGroup", throttled, /\(HTTP 400, RequestId R-1\)/],
    ["last group", "delete", "LeaveSecurityGroup", lastGroup, /\(HTTP 403, RequestId R-2\)/],
    ["unknown code", "create", "JoinSecurityGroup", brandNew, /\(HTTP 400, RequestId R-9\)/],
    ["read timeout", "create", "JoinSecurityGroup", () => requestTimeout("ReadTimeout: 10000. POST / failed."), /\(no answer received, RequestId none\)/],
    ["refused", "read", "DescribeInstances", refused, /\(no answer received, RequestId none\)/],
    ["gateway page", "delete", "LeaveSecurityGroup", jsonSyntaxError, /\(no answer received, RequestId none\)/],
  ];
  test.each(shapes)("%s: every part is in the message", (_name, operation, action, make, where) => {
    const f = classifyAs(operation, action, make());
    const message = fatalMessage(onInstance, f);
    expect(message.startsWith(`${action} failed for instance i-bp1abc`)).toBe(true);
    expect(message).toContain("security group sg-bp1def");
    expect(message).toContain("region cn-hangzhou");
    expect(message).toContain(f.code);
    expect(message).toMatch(where);
    expect(message.endsWith(`What to do: ${f.hint}`)).toBe(true);
  });
});

describe("deadlineMessage", () => {
  test("names the time allowed, its timeout key, the attempts and the last error", () => {
    const f = classifyAs("create", "JoinSecurityGroup", throttled());
    expect(deadlineMessage(onInstance, f, 7, { name: "timeouts.create", ms: 10 * 60_000 })).toBe(
      "JoinSecurityGroup did not succeed for instance i-bp1abc, security group sg-bp1def, region cn-hangzhou " +
        "within 10m (timeouts.create) after 7 attempts; last error: " +
        "Throttling.User (HTTP 400, RequestId R-1): Request was denied due to user flow control. " +
        `What to do: ${f.hint} If the cause is temporary, raise timeouts.create or run again.`,
    );
  });

  test("one attempt is singular", () => {
    const f = classifyAs("read", "DescribeInstances", refused());
    expect(deadlineMessage(onInstance, f, 1, { name: "timeouts.read", ms: 5_000 })).toContain(
      "within 5s (timeouts.read) after 1 attempt; last error: ECONNREFUSED (no answer received, RequestId none)",
    );
  });

  test("an ENI, a mixed duration and a note", () => {
    const f = classifyAs("delete", "LeaveSecurityGroup", jsonSyntaxError());
    const message = deadlineMessage(
      onEni,
      f,
      3,
      { name: "timeouts.delete", ms: 90_000 },
      "ECS may have carried out the last request",
    );
    expect(message).toMatch(
      /^LeaveSecurityGroup did not succeed for network interface eni-bp1xyz, security group sg-bp1def, region eu-central-1 within 1m30s \(timeouts\.delete\) after 3 attempts; last error: NonJsonResponse \(no answer received, RequestId none\): answer is not JSON \(.+\)\. ECS may have carried out the last request\. What to do: /,
    );
    expect(
      message.endsWith(`${f.hint} If the cause is temporary, raise timeouts.delete or run again.`),
    ).toBe(true);
  });

  test("the largest timeout reads as 24h", () => {
    const f = classifyAs("create", "JoinSecurityGroup", throttled());
    expect(
      deadlineMessage(onInstance, f, 2, { name: "timeouts.create", ms: 24 * 3_600_000 }),
    ).toContain("within 24h (timeouts.create) after 2 attempts");
  });
});

describe("SecurityGroupMembershipError", () => {
  const f: Failure = classifyAs("delete", "LeaveSecurityGroup", lastGroup());
  const error = new SecurityGroupMembershipError(
    fatalMessage(onInstance, f),
    f.action,
    f.code,
    f.class,
    f.requestId,
    4,
  );

  test("is an Error named SecurityGroupMembershipError with the message", () => {
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(SecurityGroupMembershipError);
    expect(error.name).toBe("SecurityGroupMembershipError");
    expect(error.message).toBe(fatalMessage(onInstance, f));
    expect(String(error)).toBe(`SecurityGroupMembershipError: ${fatalMessage(onInstance, f)}`);
  });

  test("carries the action, code, class, RequestId and attempts", () => {
    expect(error).toMatchObject({
      action: "LeaveSecurityGroup",
      code: "InstanceLastSecurityGroup",
      errorClass: "fatal",
      requestId: "R-2",
      attempts: 4,
    });
  });

  test("has no id field (Pulumi would take that as a partial create)", () => {
    expect("id" in error).toBe(false);
  });

  test("a transport failure has no RequestId", () => {
    const t = classifyAs("create", "JoinSecurityGroup", refused());
    const e = new SecurityGroupMembershipError("m", t.action, t.code, t.class, t.requestId, 1);
    expect(e.requestId).toBeUndefined();
    expect(e.errorClass).toBe("retry");
  });
});
