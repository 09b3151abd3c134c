#!/usr/bin/env node
/**
 * ecs-emulator [--port N] [--fixture world.json] [--state state.json]
 *              [--access-key-id ID --access-key-secret SECRET]
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./index";

const USAGE =
  "usage: ecs-emulator [--port N] [--fixture world.json] [--state state.json] " +
  "[--access-key-id ID --access-key-secret SECRET]";

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      fixture: { type: "string" },
      state: { type: "string" },
      "access-key-id": { type: "string" },
      "access-key-secret": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (Boolean(values["access-key-id"]) !== Boolean(values["access-key-secret"])) {
    throw new Error("--access-key-id and --access-key-secret go together");
  }
  const emulator = await startEmulator({
    port,
    fixture: values.fixture,
    statePath: values.state,
    accessKeyId: values["access-key-id"],
    accessKeySecret: values["access-key-secret"],
  });
  console.log(`ecs-emulator listening on ${emulator.url}`);
  const shutdown = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e: Error) => {
  console.error(e.message);
  console.error(USAGE);
  process.exit(1);
});
