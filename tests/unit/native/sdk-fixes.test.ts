/**
 * The wrapping of the SDK's provider server (@pulumi/pulumi/provider/server.js): the handlers
 * `main` registers, as the fixes leave them. `addService` is replaced by a recorder, so the
 * handlers can be called with requests built from the SDK's own protos.
 */
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import {
  ConfigureRequest,
  ConfigureResponse,
  CreateRequest,
  ReadRequest,
} from "@pulumi/pulumi/proto/provider_pb";
import { currentRequest, fixNextProviderServer } from "../../../provider/native/sdk-fixes";
import type { ConfigureArgs } from "../../../provider/native/config";

const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/provider/server"));
const grpc = sdkRequire("@grpc/grpc-js") as typeof grpcJs;
const { Struct } = sdkRequire("google-protobuf/google/protobuf/struct_pb");

type Handler = (call: { request: unknown }, callback: (e: unknown, r?: unknown) => void) => void;

/** The handlers as the next `addService` would register them, over `impl`. */
function registered(
  impl: Record<string, Handler>,
  configure: (req: ConfigureArgs) => Promise<void>,
) {
  const original = grpc.Server.prototype.addService;
  let handlers: Record<string, Handler> = {};
  grpc.Server.prototype.addService = function (_service, implementation) {
    handlers = implementation as unknown as Record<string, Handler>;
  };
  try {
    fixNextProviderServer(configure);
    const service = {
      configure: {},
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

test("methods the SDK has no handler for stay unregistered (UNIMPLEMENTED)", () => {
  const handlers = registered(
    { check: () => {} } as unknown as Record<string, Handler>,
    async () => {},
  );
  expect(Object.keys(handlers).sort()).toEqual(["check", "configure"]);
});
