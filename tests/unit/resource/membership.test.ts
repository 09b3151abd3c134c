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

// prettier-ignore
const rejected: [string, Record<string, unknown>, RegExp][] = [
  ["neither target", { securityGroupId: "sg-1" }, /exactly one of instanceId or networkInterfaceId is required \(neither given\)/],
  ["both targets", { securityGroupId: "sg-1", instanceId: "i-1", networkInterfaceId: "eni-1" }, /\(both given\)/],
  ["no group", { instanceId: "i-1" }, /securityGroupId is required/],
  ["nothing at all", {}, /^SecurityGroupMembership "bad": securityGroupId is required\.$/],
  ["a null group", { securityGroupId: null, instanceId: "i-1" }, /securityGroupId is required/],
  ["a typo and no target", { securityGroupId: "sg-1", instanceID: "i-1" }, /\(neither given\) \(instanceID: did you mean instanceId\?\)/],
  ["a typo of the group", { securityGroupID: "sg-1", instanceId: "i-1" }, /securityGroupId is required \(securityGroupID: did you mean securityGroupId\?\)/],
  ["an output passed", { securityGroupId: "sg-1", instanceId: "i-1", targetKind: "instance" }, /^SecurityGroupMembership "bad": targetKind is an output, not an argument\.$/],
  ["another output passed", { securityGroupId: "sg-1", instanceId: "i-1", adopted: true }, /adopted is an output, not an argument/],
  ["two outputs passed", { securityGroupId: "sg-1", instanceId: "i-1", targetId: "i-1", targetSecurityGroupIds: [] }, /targetId, targetSecurityGroupIds are outputs, not arguments/],
  ["both targets, one of them empty", { securityGroupId: "sg-1", instanceId: "", networkInterfaceId: "eni-1" }, /\(both given\)/],
  ["id, reserved by Pulumi", { securityGroupId: "sg-1", instanceId: "i-1", id: "x" }, /^SecurityGroupMembership "bad": id is reserved by Pulumi for the resource's own ID and cannot be an argument \(the target is instanceId or networkInterfaceId; to look up an existing membership by its ID, use SecurityGroupMembership\.get\(name, id\)\)\.$/],
  ["id even when null", { securityGroupId: "sg-1", instanceId: "i-1", id: null }, /id is reserved by Pulumi/],
  ["urn, reserved by Pulumi", { securityGroupId: "sg-1", instanceId: "i-1", urn: "x" }, /urn is reserved by Pulumi for the resource's own URN/],
  ["an unknown argument", { securityGroupId: "sg-1", instanceId: "i-1", colour: "blue" }, /^SecurityGroupMembership "bad": colour is not an argument; the arguments are securityGroupId, instanceId, networkInterfaceId, regionId, adoptExisting, timeouts\.$/],
  ["a misspelt optional argument", { securityGroupId: "sg-1", instanceId: "i-1", adoptExsiting: true }, /adoptExsiting is not an argument \(did you mean adoptExisting\?\)/],
  ["a duplicate in another case", { securityGroupId: "sg-1", instanceId: "i-1", instanceID: "i-2" }, /instanceID is not an argument \(did you mean instanceId\?\)/],
  ["an invisible character in a name", { securityGroupId: "sg-1", instanceId: "i-1", "regionId\u200b": "cn-hangzhou" }, /"regionId\\u200b" is not an argument \(did you mean regionId\?\)/],
  ["a long name, cut", { securityGroupId: "sg-1", instanceId: "i-1", ["k".repeat(5000)]: 1 }, /"k{40}…" \(5000 characters\) is not an argument; the arguments are/],
];

test.each(rejected)("the constructor rejects %s at once, as a RunError", (_name, args, message) => {
  const { SecurityGroupMembership } = load();
  let thrown: unknown;
  try {
    new SecurityGroupMembership("bad", args as never);
  } catch (e) {
    thrown = e;
  }
  // The language host prints a RunError as its message alone, without a stack.
  expect(pulumi.RunError.isInstance(thrown)).toBe(true);
  expect((thrown as Error).message).toMatch(message);
});

test("the resource name is quoted escaped and cut in the message", () => {
  const { SecurityGroupMembership } = load();
  expect(() => new SecurityGroupMembership(`web\u200b${"x".repeat(100)}`, {} as never)).toThrow(
    /^SecurityGroupMembership "web\\u200bx{36}…" \(104 characters\): securityGroupId is required\.$/,
  );
});

// prettier-ignore
const accepted: [string, Record<string, unknown>][] = [
  ["a null instanceId beside an ENI (null is not given)", { securityGroupId: "sg-1", instanceId: null, networkInterfaceId: "eni-1" }],
  ["a null ENI beside an instance", { securityGroupId: "sg-1", instanceId: "i-1", networkInterfaceId: null }],
  ["undefined unknown arguments (the SDK drops them)", { securityGroupId: "sg-1", instanceId: "i-1", colour: undefined, id: undefined }],
  ["null outputs (the class seeds them)", { securityGroupId: "sg-1", instanceId: "i-1", adopted: null, targetSecurityGroupIds: null }],
  ["Outputs for every argument", { securityGroupId: pulumi.output("sg-1"), networkInterfaceId: pulumi.output("eni-1"), regionId: pulumi.output("cn-hangzhou") }],
];

test.each(accepted)("the constructor accepts %s", (_name, args) => {
  const { SecurityGroupMembership } = load();
  expect(() => new SecurityGroupMembership(`ok-${_name}`, args as never)).not.toThrow();
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

describe("secret inputs", () => {
  /** What each resource asked the engine to keep secret, by name, as the monitor received it. */
  const secretOutputsOf = new Map<string, string[]>();
  beforeAll(() => {
    type Request = { getName(): string; getAdditionalsecretoutputsList(): string[] };
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource(req: Request, callback: unknown): unknown;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      secretOutputsOf.set(req.getName(), req.getAdditionalsecretoutputsList());
      return register(req, callback);
    };
  });
  const warnings = () => (pulumi.log.warn as unknown as jest.Mock).mock.calls.map((c) => c[0]);
  beforeEach(() => jest.spyOn(pulumi.log, "warn").mockResolvedValue());
  afterEach(() => jest.restoreAllMocks());

  /** Declares a membership and waits until it is registered and its warnings are out. */
  async function declared(name: string, args: Record<string, unknown>, opts = {}) {
    const { SecurityGroupMembership } = load();
    const m = new SecurityGroupMembership(name, args as never, opts);
    await outputOf(m.urn);
    await new Promise((resolve) => setImmediate(resolve));
    return m;
  }

  test.each([
    [
      "a secret group",
      { securityGroupId: pulumi.secret("sg-1"), instanceId: "i-1" },
      ["targetSecurityGroupIds"],
    ],
    [
      "a secret instance",
      { securityGroupId: "sg-1", instanceId: pulumi.secret("i-1") },
      ["targetId"],
    ],
    [
      "a secret ENI",
      { securityGroupId: "sg-1", networkInterfaceId: pulumi.secret("eni-1") },
      ["targetId"],
    ],
    [
      "a secret region",
      { securityGroupId: "sg-1", instanceId: "i-1", regionId: pulumi.secret("cn-hangzhou") },
      [],
    ],
    [
      "all secret",
      {
        securityGroupId: pulumi.secret("sg-1"),
        instanceId: pulumi.secret("i-1"),
        regionId: pulumi.secret("cn-hangzhou"),
      },
      ["targetId", "targetSecurityGroupIds"],
    ],
    [
      "plain Outputs",
      { securityGroupId: pulumi.output("sg-1"), instanceId: pulumi.output("i-1") },
      [],
    ],
    ["plain values", { securityGroupId: "sg-1", instanceId: "i-1" }, []],
  ] as [string, Record<string, unknown>, string[]][])(
    "%s: the derived outputs are registered as secret outputs",
    async (name, args, secretOutputs) => {
      await declared(`secret-${name}`, args);
      expect([...(secretOutputsOf.get(`secret-${name}`) ?? [])].sort()).toEqual(secretOutputs);
    },
  );

  test("the caller's own additionalSecretOutputs are kept", async () => {
    await declared(
      "secret-own",
      { securityGroupId: pulumi.secret("sg-1"), instanceId: "i-1" },
      { additionalSecretOutputs: ["adopted"] },
    );
    expect(secretOutputsOf.get("secret-own")).toEqual(["adopted", "targetSecurityGroupIds"]);
  });

  test("a secret ID part gets one warning, naming the resource, the parts and why", async () => {
    await declared("warned", {
      securityGroupId: pulumi.secret("sg-1"),
      instanceId: pulumi.secret("i-1"),
    });
    expect(warnings()).toEqual([
      'SecurityGroupMembership "warned": instanceId and securityGroupId are secrets, but the ' +
        "resource ID (<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>) holds them " +
        "in plain text, in the state and in the CLI's output: Pulumi cannot make a resource ID " +
        "secret (pulumi/pulumi#2717). The outputs instanceId, securityGroupId, targetId and " +
        "targetSecurityGroupIds stay secret.",
    ]);
  });

  test("no warning without a secret", async () => {
    await declared("unwarned", { securityGroupId: pulumi.output("sg-1"), instanceId: "i-1" });
    expect(warnings()).toEqual([]);
  });

  test("targetId follows a secret target; targetKind, which tells nothing of it, does not", async () => {
    const m = await declared("derived-secret", {
      securityGroupId: "sg-1",
      instanceId: pulumi.secret("i-1"),
    });
    expect(await pulumi.isSecret(m.instanceId)).toBe(true);
    expect(await pulumi.isSecret(m.targetId)).toBe(true);
    expect(await pulumi.isSecret(m.targetKind)).toBe(false);
    expect(await outputOf(m.targetKind)).toBe("instance");
  });
});
