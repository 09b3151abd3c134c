/**
 * The native provider plugin's entry point. Pulumi starts it as
 * `pulumi-resource-alicloud-sg-membership <engine address> [flags]` (plugin/, a script that
 * runs this file with the `node` on PATH); it serves the `ResourceProvider` gRPC service through
 * `@pulumi/pulumi/provider`'s `main`, with the SDK's faults fixed (`sdk-fixes.ts`), and prints
 * its port.
 *
 * | name | value |
 * | --- | --- |
 * | package, config namespace | `alicloud-sg-membership` |
 * | resource type token | `alicloud-sg-membership:ecs:SecurityGroupMembership` |
 * | plugin executable | `pulumi-resource-alicloud-sg-membership` |
 * | version | this package's (`package.json`) |
 */

import { main } from "@pulumi/pulumi/provider";
import { PACKAGE } from "./config";
import { engineLog } from "./engine-log";
import { nativeProvider } from "./provider";
import { packageSchema } from "./schema";
import { fixNextProviderServer } from "./sdk-fixes";
import { systemClock } from "../resilience/clock";
import { createRuntime } from "../runtime/runtime";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require("pulumi-alicloud-sg-membership/package.json") as { version: string };

const args = process.argv.slice(2);
const log = engineLog(args);
const runtime = createRuntime({
  clock: systemClock,
  env: process.env,
  configNamespace: PACKAGE,
  notify: (message) => log.info(`sg-membership: ${message}`),
});
const provider = nativeProvider(runtime, {
  version,
  schema: JSON.stringify(packageSchema(version)),
  log,
});
fixNextProviderServer(provider);
void main(provider, args);
