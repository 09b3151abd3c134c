/**
 * The native provider's messages, through the engine's `Log` service. The engine hides what a
 * provider plugin writes to stdout and stderr (sdk/go/common/resource/plugin/plugin.go: shown
 * only for the dynamic-provider plugins, else at debug level), so the runtime's status lines
 * and notices, which the dynamic provider writes to stderr, go to the engine instead: it shows
 * them as the dynamic provider's are shown, among the run's messages. A warning about one
 * resource names its URN and shows under it. Without an engine address (the plugin run by
 * hand), they go to stderr.
 */

import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

export interface EngineLog {
  info(message: string): void;
  warn(message: string, urn: string): void;
}

/** The engine address among the plugin's arguments, as the SDK's `main` finds it. */
function engineAddress(args: readonly string[]): string | undefined {
  const rest = args.filter((arg, i) => !arg.startsWith("-") && args[i - 1] !== "--tracing");
  return rest[0];
}

/** Messages to the engine at the address in `args`, one at a time and in order. */
export function engineLog(args: readonly string[]): EngineLog {
  const address = engineAddress(args);
  if (!address) {
    return {
      info: (message) => process.stderr.write(`${message}\n`),
      warn: (message) => process.stderr.write(`warning: ${message}\n`),
    };
  }
  const grpcPb = require.resolve("@pulumi/pulumi/proto/engine_grpc_pb");
  const grpc = createRequire(grpcPb)("@grpc/grpc-js") as typeof grpcJs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EngineClient: Client } = require(grpcPb) as { EngineClient: typeof EngineClient };
  const client = new Client(address, grpc.credentials.createInsecure());
  let last = Promise.resolve();
  const send = (severity: LogSeverity, message: string, urn = "") => {
    const req = new LogRequest();
    req.setSeverity(severity);
    req.setMessage(message);
    req.setUrn(urn);
    last = last.then(
      () =>
        new Promise<void>((resolve) =>
          client.log(req, (error) => {
            if (error) process.stderr.write(`${message}\n`);
            resolve();
          }),
        ),
    );
  };
  return {
    info: (message) => send(LogSeverity.INFO, message),
    warn: (message, urn) => send(LogSeverity.WARNING, message, urn),
  };
}
