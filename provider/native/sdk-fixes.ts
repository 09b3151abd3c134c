/**
 * Three faults of the SDK's provider server (`@pulumi/pulumi/provider`, server.js, read in
 * 3.276.0), fixed by wrapping the gRPC handlers that its `main` registers, and nothing else:
 *
 * 1. `read` decodes `req.getProperties().toJavaScript()`, but the Read of `pulumi import` may
 *    carry no properties (CLI v3.248.0; v3.276.0 sends an empty struct): it failed with "Cannot
 *    read properties of undefined (reading 'toJavaScript')". The wrapper gives such a request an
 *    empty struct, and marks a Read without properties as an import, which must answer inputs.
 * 2. `configure` answers without looking at the request, so the provider's config
 *    (`ConfigureRequest.args`, and the deprecated `variables`) is dropped; `Provider` has no
 *    configure method at all. The wrapper answers Configure itself. And `create`, `read`,
 *    `update` and `delete` never read the request's `timeout` (the resource's `customTimeouts`,
 *    in seconds; the engine does not enforce it): the wrapper hands it to the provider through
 *    `currentRequest()`.
 * 3. `configure` answers `acceptSecrets: true`, and `check` (like every other method) is then
 *    handed secret values as the raw wrapper objects. The answer stays (the provider unwraps
 *    them, `secrets.ts`, and marks its answers, which keeps derived outputs secret too), and is
 *    now given on purpose: with `acceptResources` and `acceptOutputs` off (plain values only)
 *    and `supportsPreview` off (create and update are not called in preview: no API call).
 *
 * 4. CheckConfig and DiffConfig are UNIMPLEMENTED. The wrapper answers them: CheckConfig with
 *    the provider's failures by key (so a bad region or endpoint fails `pulumi preview`, not
 *    the first operation) and the inputs as given; DiffConfig with the keys that changed and
 *    never a replacement.
 *
 * The server's own handling stays in place for everything else, partial creates
 * (`ErrorResourceInitFailed`) included. The handlers are wrapped as `main` hands them to
 * `@grpc/grpc-js` (the SDK's own copy), for that one call.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
  CheckFailure,
  CheckResponse,
  ConfigureResponse,
  DiffResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import type { ConfigureArgs } from "./config";
import type { NativeProvider } from "./provider";

/** Modules as the SDK's server loads them (its dependencies, not necessarily ours). */
const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/provider/server"));
const grpc = sdkRequire("@grpc/grpc-js") as typeof grpcJs;
const { Struct: SdkStruct } = sdkRequire("google-protobuf/google/protobuf/struct_pb") as {
  Struct: typeof Struct;
};

/** What a request says beyond what the SDK hands the provider. */
export interface RequestContext {
  /** The request's `timeout` in seconds (`customTimeouts`), 0 when none. */
  timeout: number;
  /** A Read without properties: `pulumi import` (or the `import` resource option). */
  importing: boolean;
}

const requests = new AsyncLocalStorage<RequestContext>();

/** The context of the request being served, if any. */
export const currentRequest = (): RequestContext | undefined => requests.getStore();

/** Runs `work` as serving a request with this context. */
export const inRequest = <T>(context: RequestContext, work: () => T): T =>
  requests.run(context, work);

/** A unary gRPC call as `@grpc/grpc-js` hands it to a handler. */
interface Call {
  request: {
    getTimeout?(): number;
    getProperties?(): Struct | undefined;
    setProperties?(value: Struct): void;
  };
}
type Callback = (error: unknown, response?: unknown) => void;
type Handler = (call: Call, callback: Callback) => unknown;

/** Runs `handler` with the request's timeout (and, for `read`, import) in `currentRequest()`. */
function withContext(handler: Handler, read = false): Handler {
  return (call, callback) => {
    const req = call.request;
    // CLI v3.248.0 sends no properties for an import, v3.276.0 an empty struct.
    const properties = read ? req.getProperties?.() : undefined;
    const importing = read && (properties?.getFieldsMap().getLength() ?? 0) === 0;
    if (read && !properties) req.setProperties?.(new SdkStruct());
    return inRequest({ timeout: req.getTimeout?.() ?? 0, importing }, () =>
      handler(call, callback),
    );
  };
}

/** What the wrapper answers itself, from the provider. */
type ConfigHandlers = Pick<NativeProvider, "configure" | "checkConfig" | "diffConfig">;

/** A request's struct field as plain JavaScript (secrets still wrapped). */
const plain = (struct: Struct | undefined): Record<string, unknown> =>
  (struct?.toJavaScript() ?? {}) as Record<string, unknown>;

/** Answers with what `work` gives, or its error. */
function answer(callback: Callback, work: () => unknown) {
  Promise.resolve()
    .then(work)
    .then(
      (response) => callback(null, response),
      (error: unknown) => callback(error),
    );
}

/** CheckConfig: the provider's failures by key; the inputs as given. */
function checkConfigHandler(provider: ConfigHandlers): Handler {
  return (call, callback) => {
    const req = call.request as unknown as { getNews(): Struct | undefined };
    answer(callback, () => {
      const resp = new CheckResponse();
      resp.setInputs(req.getNews() ?? new SdkStruct());
      for (const { property, reason } of provider.checkConfig(plain(req.getNews()))) {
        const failure = new CheckFailure();
        failure.setProperty(property);
        failure.setReason(reason);
        resp.addFailures(failure);
      }
      return resp;
    });
  };
}

/** DiffConfig: the keys that changed, and never a replacement. */
function diffConfigHandler(provider: ConfigHandlers): Handler {
  return (call, callback) => {
    const req = call.request as unknown as {
      getOldInputs(): Struct | undefined;
      getOlds(): Struct | undefined;
      getNews(): Struct | undefined;
    };
    answer(callback, () => {
      const olds = plain(req.getOldInputs() ?? req.getOlds());
      const changed = provider.diffConfig(olds, plain(req.getNews()));
      const resp = new DiffResponse();
      resp.setChanges(
        changed.length > 0
          ? DiffResponse.DiffChanges.DIFF_SOME
          : DiffResponse.DiffChanges.DIFF_NONE,
      );
      resp.setDiffsList(changed);
      return resp;
    });
  };
}

/** Configure: hand the request's config to `configure`, then answer what the provider accepts. */
function configureHandler(configure: ConfigHandlers["configure"]): Handler {
  return (call, callback) => {
    const req = call.request as unknown as {
      hasArgs(): boolean;
      getArgs(): Struct | undefined;
      getVariablesMap(): { entries(): { next(): IteratorResult<[string, string]> } };
    };
    const read = (): ConfigureArgs => {
      const variables: [string, string][] = [];
      const it = req.getVariablesMap().entries();
      for (let e = it.next(); !e.done; e = it.next()) variables.push(e.value);
      const args = req.hasArgs() ? req.getArgs()?.toJavaScript() : undefined;
      return { args: args as Record<string, unknown> | undefined, variables };
    };
    Promise.resolve()
      .then(() => configure(read()))
      .then(
        () => {
          const resp = new ConfigureResponse();
          resp.setAcceptsecrets(true);
          resp.setAcceptresources(false);
          resp.setAcceptoutputs(false);
          resp.setSupportspreview(false);
          callback(null, resp);
        },
        (error: unknown) => callback(error),
      );
  };
}

/**
 * Makes the next `ResourceProvider` service that the SDK registers (in `main`) serve with the
 * fixes above. Call it just before `main`.
 */
export function fixNextProviderServer(provider: ConfigHandlers): void {
  const proto = grpc.Server.prototype;
  const addService = proto.addService;
  proto.addService = function (service, implementation) {
    proto.addService = addService;
    const impl = implementation as unknown as Record<string, Handler>;
    /** The SDK's handler, bound to its server object, or none (grpc-js answers UNIMPLEMENTED). */
    const sdk = (name: string) =>
      typeof impl[name] === "function" ? (impl[name].bind(impl) as Handler) : undefined;
    const fix = (name: string, handler: Handler | undefined) => {
      if (name === "configure") return configureHandler((req) => provider.configure(req));
      if (name === "checkConfig") return checkConfigHandler(provider);
      if (name === "diffConfig") return diffConfigHandler(provider);
      if (!handler || !["read", "create", "update", "delete"].includes(name)) return handler;
      return withContext(handler, name === "read");
    };
    const all = Object.fromEntries(
      Object.keys(service)
        .map((name) => [name, fix(name, sdk(name))] as const)
        .filter(([, handler]) => handler !== undefined),
    );
    return addService.call(this, service, all as typeof implementation);
  };
}
