/** The resource class as a program sees it, with Pulumi's mocks (the provider is not called). */

import * as pulumi from "@pulumi/pulumi";

const registered: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return { id: args.id ?? `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  ),
);

type MembershipModule = typeof import("../../../provider/resource/membership");
// Loaded after setMocks, as Pulumi's mock tests do.
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const load = (): MembershipModule => require("../../../provider/resource/membership");

const outputOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

test("registers the type token with a copy of the args, outputs seeded", async () => {
  const { SecurityGroupMembership } = load();
  const args = { securityGroupId: "sg-1", instanceId: "i-1" };
  const m = new SecurityGroupMembership("web", args, {});
  expect(await outputOf(m.securityGroupId)).toBe("sg-1");
  expect(args).toEqual({ securityGroupId: "sg-1", instanceId: "i-1" }); // not mutated
  const r = registered.find((x) => x.name === "web")!;
  expect(r.type).toBe("pulumi-nodejs:dynamic/ecs:SecurityGroupMembership");
  expect(typeof r.inputs.__provider).toBe("string");
  expect(r.inputs.__provider.length).toBeLessThanOrEqual(2048);
  expect(m).toHaveProperty("targetSecurityGroupIds");
  expect(m).toHaveProperty("adopted");
});

test.each([
  [
    { securityGroupId: "sg-1" },
    /exactly one of instanceId or networkInterfaceId is required \(neither given\)/,
  ],
  [{ securityGroupId: "sg-1", instanceId: "i-1", networkInterfaceId: "eni-1" }, /\(both given\)/],
  [{ instanceId: "i-1" }, /securityGroupId is required/],
  [
    { securityGroupId: "sg-1", instanceID: "i-1" },
    /\(neither given\) \(instanceID: did you mean instanceId\?\)/,
  ],
  [
    { securityGroupID: "sg-1", instanceId: "i-1" },
    /securityGroupId is required \(securityGroupID: did you mean securityGroupId\?\)/,
  ],
  [
    { securityGroupId: "sg-1", instanceId: "i-1", targetKind: "instance" },
    /targetKind is an output, not an argument/,
  ],
])("the constructor rejects %o at once", (args, message) => {
  const { SecurityGroupMembership } = load();
  expect(() => new SecurityGroupMembership("bad", args as never)).toThrow(message);
});

test.each([
  [{ instanceId: "i-1" }, "instance", "i-1"],
  [{ networkInterfaceId: "eni-1" }, "networkInterface", "eni-1"],
])("targetKind and targetId follow from the target (%o)", async (target, kind, id) => {
  const { SecurityGroupMembership } = load();
  const m = new SecurityGroupMembership(`derived-${id}`, { securityGroupId: "sg-1", ...target });
  expect(await outputOf(m.targetKind)).toBe(kind);
  expect(await outputOf(m.targetId)).toBe(id);
  // Own properties, so exporting the whole resource as a stack output carries them.
  expect(Object.keys(m)).toEqual(expect.arrayContaining(["targetKind", "targetId"]));
  const r = registered.find((x) => x.name === `derived-${id}`)!;
  expect(Object.keys(r.inputs)).not.toContain("targetKind");
});

test("get reads by ID", async () => {
  const { SecurityGroupMembership } = load();
  const m = SecurityGroupMembership.get("existing", "cn-hangzhou/i-1/sg-1");
  expect(await outputOf(m.id)).toBe("cn-hangzhou/i-1/sg-1");
  const r = registered.find((x) => x.name === "existing")!;
  expect(r.id).toBe("cn-hangzhou/i-1/sg-1");
});

describe("stack traces while the resource registers", () => {
  /** The number of frames of every stack trace taken while `work` runs. */
  function framesCaptured(work: () => void): number[] {
    const frames: number[] = [];
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, callSites) => {
      frames.push(callSites.length);
      return prepare ? prepare(error, callSites) : String(error);
    };
    try {
      work();
    } finally {
      Error.prepareStackTrace = prepare;
    }
    return frames;
  }
  afterEach(() => delete process.env.PULUMI_DEBUG_PROMISE_LEAKS);

  test("only the SDK's source position is taken with frames, and the limit is restored", () => {
    const { SecurityGroupMembership } = load();
    const limit = Error.stackTraceLimit;
    const frames = framesCaptured(
      () => new SecurityGroupMembership("traces", { securityGroupId: "sg-1", instanceId: "i-1" }),
    );
    expect(frames.length).toBeGreaterThan(30); // the promises' traces, still taken, but empty
    expect(frames.filter((n) => n > 0)).toHaveLength(1);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  test("PULUMI_DEBUG_PROMISE_LEAKS keeps every trace whole, for the SDK's leak report", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    const { SecurityGroupMembership } = load();
    const frames = framesCaptured(
      () => new SecurityGroupMembership("leaks", { securityGroupId: "sg-1", instanceId: "i-1" }),
    );
    expect(frames.every((n) => n > 0)).toBe(true);
  });

  test("the limit is restored when registration throws", () => {
    const { SecurityGroupMembership } = load();
    const limit = Error.stackTraceLimit;
    const notAResource = {} as pulumi.Resource;
    expect(
      () =>
        new SecurityGroupMembership(
          "bad-parent",
          { securityGroupId: "sg-1", instanceId: "i-1" },
          { parent: notAResource },
        ),
    ).toThrow();
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

test("the owner input is the URN the resource registers under, with or without a parent", async () => {
  const { SecurityGroupMembership } = load();
  class Web extends pulumi.ComponentResource {
    constructor(name: string) {
      super("shop:web:Web", name);
    }
  }
  const top = new SecurityGroupMembership("top", { securityGroupId: "sg-1", instanceId: "i-1" });
  const parent = new Web("web");
  const child = new SecurityGroupMembership(
    "child",
    { securityGroupId: "sg-1", instanceId: "i-1", owner: "set by hand" } as never,
    { parent },
  );
  expect(await outputOf(top.owner)).toBe(await outputOf(top.urn));
  expect(await outputOf(child.owner)).toBe(await outputOf(child.urn));
  expect(await outputOf(child.owner)).toBe(
    "urn:pulumi:stack::project::shop:web:Web$pulumi-nodejs:dynamic/ecs:SecurityGroupMembership::child",
  );
});
