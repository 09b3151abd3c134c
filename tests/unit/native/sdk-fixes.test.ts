/**
 * The wrapping of the SDK's provider server (@pulumi/pulumi/provider/server.js): the handlers
 * `main` registers, as the fixes leave them. `addService` is replaced by a recorder, so the
 * handlers can be called with requests built from the SDK's own protos.
 */
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import {
  CheckRequest,
  CheckResponse,
  ConfigureRequest,
  ConfigureResponse,
  CreateRequest,
  DiffRequest,
  DiffResponse,
  ReadRequest,
} from "@pulumi/pulumi/proto/provider_pb";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { currentRequest, fixNextProviderServer } from "../../../provider/native/sdk-fixes";
import { PACKAGE, type ConfigureArgs } from "../../../provider/native/config";
import { nativeProvider } from "../../../provider/native/provider";
import { systemClock } from "../../../provider/resilience/clock";
import { createRuntime } from "../../../provider/runtime/runtime";

const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/provider/server"));
const grpc = sdkRequire("@grpc/grpc-js") as typeof grpcJs;
const { Struct } = sdkRequire("google-protobuf/google/protobuf/struct_pb");

type Handler = (call: { request: unknown }, callback: (e: unknown, r?: unknown) => void) => void;

/** A native provider over a real runtime (no API call is made here). */
const provider = () =>
  nativeProvider(
    createRuntime({ clock: systemClock, env: {}, notify: () => {}, configNamespace: PACKAGE }),
    { version: "1.2.3", schema: "{}", log: { warn: () => {} } },
  );

/** The handlers as the next `addService` would register them, over `impl`. */
function registered(
  impl: Record<string, Handler>,
  configure: (req: ConfigureArgs) => Promise<void> = async () => {},
) {
  const original = grpc.Server.prototype.addService;
  let handlers: Record<string, Handler> = {};
  grpc.Server.prototype.addService = function (_service, implementation) {
    handlers = implementation as unknown as Record<string, Handler>;
  };
  try {
    const { checkConfig, diffConfig } = provider();
    fixNextProviderServer({ configure, checkConfig, diffConfig });
    const service = {
      configure: {},
      checkConfig: {},
      diffConfig: {},
      read: {},
      create: {},
      update: {},
      delete: {},
      check: {},
      handshake: {},
    };
    grpc.Server.prototype.addService.call(
      {} as grpcJs.Server,
      service as unknown as grpcJs.ServiceDefinition,
      impl as unknown as grpcJs.UntypedServiceImplementation,
    );
  } finally {
    grpc.Server.prototype.addService = original;
  }
  return handlers;
}

const call = (handler: Handler, request: unknown) =>
  new Promise<unknown>((resolve, reject) =>
    handler({ request }, (error, response) => (error ? reject(error) : resolve(response))),
  );

test("Configure hands over the provider's config and answers what the provider accepts", async () => {
  const seen: ConfigureArgs[] = [];
  const handlers = registered({}, async (req) => void seen.push(req));
  const req = new ConfigureRequest();
  req.setArgs(Struct.fromJavaScript({ region: "cn-beijing" }));
  req.getVariablesMap().set("alicloud-sg-membership:config:region", "cn-beijing");
  const resp = (await call(handlers.configure, req)) as ConfigureResponse;
  expect(seen).toEqual([
    {
      args: { region: "cn-beijing" },
      variables: [["alicloud-sg-membership:config:region", "cn-beijing"]],
    },
  ]);
  expect(resp.getAcceptsecrets()).toBe(true);
  expect(resp.getAcceptresources()).toBe(false);
  expect(resp.getAcceptoutputs()).toBe(false);
  expect(resp.getSupportspreview()).toBe(false);
});

test("a Read without properties gets an empty struct and reads as an import", async () => {
  let seen: unknown;
  const impl = {
    read(this: unknown, c: { request: ReadRequest }, cb: (e: unknown, r?: unknown) => void) {
      seen = {
        props: c.request.getProperties()?.toJavaScript(),
        context: currentRequest(),
        self: this,
      };
      cb(null, "ok");
    },
  };
  const handlers = registered(impl as unknown as Record<string, Handler>, async () => {});
  const req = new ReadRequest();
  req.setId("cn-hangzhou/i-a/sg-a");
  expect(await call(handlers.read, req)).toBe("ok");
  expect(seen).toEqual({ props: {}, context: { timeout: 0, importing: true }, self: impl });

  const refresh = new ReadRequest();
  refresh.setProperties(Struct.fromJavaScript({ owner: "urn" }));
  await call(handlers.read, refresh);
  expect(seen).toMatchObject({ props: { owner: "urn" }, context: { importing: false } });
});

test("a Create's timeout reaches the provider", async () => {
  let seen: unknown;
  const impl = {
    create: async (_c: unknown, cb: (e: unknown, r?: unknown) => void) => {
      await Promise.resolve();
      seen = currentRequest();
      cb(null, "ok");
    },
  };
  const handlers = registered(impl as unknown as Record<string, Handler>, async () => {});
  const req = new CreateRequest();
  req.setTimeout(3);
  await call(handlers.create, req);
  expect(seen).toEqual({ timeout: 3, importing: false });
  expect(currentRequest()).toBeUndefined();
});

test("methods the SDK has no handler for stay unregistered (UNIMPLEMENTED), but for those answered here", () => {
  const handlers = registered(
    { check: () => {} } as unknown as Record<string, Handler>,
    async () => {},
  );
  // The SDK has no create, read, ...: those stay UNIMPLEMENTED; the config methods are ours.
  expect(Object.keys(handlers).sort()).toEqual(["check", "checkConfig", "configure", "diffConfig"]);
});

describe("CheckConfig", () => {
  const check = async (news: Record<string, unknown>) => {
    const req = new CheckRequest();
    req.setNews(Struct.fromJavaScript(news));
    const resp = (await call(registered({}).checkConfig, req)) as CheckResponse;
    return {
      inputs: resp.getInputs()?.toJavaScript(),
      failures: resp.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
    };
  };

  test("a good config passes, its inputs as given (secrets still wrapped)", async () => {
    const secretKey = { [specialSigKey]: specialSecretSig, value: "s3cr3t-value" };
    const news = { region: "cn-beijing", accessKey: "id", secretKey, version: "0.3.0" };
    expect(await check(news)).toEqual({ inputs: news, failures: [] });
  });

  test("a bad region, endpoint or key pair fails by its key, in this provider's names", async () => {
    const { failures } = await check({
      region: "CN Hangzhou",
      endpoints: [{ ecs: "http://ecs.example.com" }],
      accessKey: "id",
    });
    expect(failures).toEqual([
      [
        "region",
        expect.stringMatching(/^alicloud-sg-membership:region must not contain whitespace/),
      ],
      ["endpoints", expect.stringMatching(/^Refusing plain HTTP to ecs\.example\.com/)],
      [
        "secretKey",
        expect.stringMatching(
          /^Stack config alicloud-sg-membership:accessKey is set but alicloud-sg-membership:secretKey is not/,
        ),
      ],
    ]);
  });

  test("endpoints that are not JSON fail by that key", async () => {
    const { failures } = await check({ endpoints: "[{ecs:" });
    expect(failures).toEqual([
      ["endpoints", expect.stringContaining("alicloud-sg-membership:endpoints is not JSON")],
    ]);
  });
});

describe("DiffConfig", () => {
  const diff = async (olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const req = new DiffRequest();
    req.setOldInputs(Struct.fromJavaScript(olds));
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    return (await call(registered({}).diffConfig, req)) as DiffResponse;
  };

  test("names the keys that changed and never replaces", async () => {
    const resp = await diff(
      { region: "cn-hangzhou", endpoints: [{ ecs: "http://127.0.0.1:1" }] },
      { region: "cn-beijing", endpoints: [{ ecs: "http://127.0.0.1:1" }] },
    );
    expect(resp.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_SOME);
    expect(resp.getDiffsList()).toEqual(["region"]);
    expect(resp.getReplacesList()).toEqual([]);
  });

  test("the same config is no change", async () => {
    const resp = await diff({ region: "cn-hangzhou" }, { region: "cn-hangzhou", version: "1" });
    expect(resp.getChanges()).toBe(DiffResponse.DiffChanges.DIFF_NONE);
  });
});
