/**
 * What bench/programs/native runs on: the generated Node.js SDK (sdk/nodejs, built by
 * testkit/native-sdk.ts) in the program's node_modules as a real directory, as `npm install` of
 * its package leaves it; its peer @pulumi/pulumi is the program's.
 */
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { builtNodeSdk } from "../testkit/native-sdk";

export function installNodeSdkInto(dir: string): void {
  const sdk = builtNodeSdk();
  const { name } = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")) as { name: string };
  cpSync(sdk, join(dir, "node_modules", name), { recursive: true });
}
