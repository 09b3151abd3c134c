/**
 * The provider shim as Pulumi serializes it into state (`pulumi.dynamic.Resource` calls
 * `serializeFunction(() => provider, { allowSecrets: true })`). The shim requires the package by
 * name, which resolves to dist/ (built by `npm run build`, run by `npm test` first).
 */

import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import shim from "../../../provider/shim";
import {
  SHIM_MODULE,
  storedAsRequire,
  storedProvider,
} from "../../../provider/resource/stored-provider";

const ENV_SECRET = "env-secret-Zq81xVw3";
const CONFIG_SECRET = "config-secret-Pm27Lk90";
const CONFIG_TOKEN = "config-token-Hy64Rt55";
const nodeRequire = createRequire(path.join(__dirname, "..", "..", "..", "package.json"));

beforeAll(async () => {
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ENV_SECRET;
  const config: Record<string, string> = {
    "alicloud:accessKey": "AKID-visible",
    "alicloud:secretKey": CONFIG_SECRET,
    "alicloud:securityToken": CONFIG_TOKEN,
    "alicloud:region": "cn-hangzhou",
  };
  // configure runs in the plugin process before anything is serialized again.
  await nodeRequire("pulumi-alicloud-sg-membership").__rt.configure({
    config: { get: (k: string) => config[k] },
  });
});
afterAll(() => delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET);

async function serialized() {
  // The variable name matters for the size: pulumi.dynamic.Resource names it `provider`.
  const provider = shim;
  return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

test("serializes, small, with no secrets", async () => {
  const { text, containsSecrets } = await serialized();
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
  expect(containsSecrets).toBe(false);
  for (const secret of [ENV_SECRET, CONFIG_SECRET, CONFIG_TOKEN, "AKID-visible"])
    expect(text).not.toContain(secret);
  expect(text).not.toMatch(/@alicloud|dist\//);
  expect(text.match(/require\("pulumi-alicloud-sg-membership"\)/g)).toHaveLength(7);
});

test("rehydrated as the plugin does, it calls the installed package", async () => {
  const { text } = await serialized();
  const module = { exports: {} as { handler: () => typeof shim } };
  new Function("exports", "module", "require", text)(module.exports, module, nodeRequire);
  const provider = module.exports.handler();
  const checked = await provider.check!(
    {},
    { securityGroupId: "sg-1", instanceId: "i-1", __provider: "X" },
  );
  expect(checked).toEqual({
    inputs: {
      securityGroupId: "sg-1",
      instanceId: "i-1",
      regionId: "cn-hangzhou",
      adoptExisting: false,
      __provider: "X",
    },
    failures: [],
  });
  const diff = await provider.diff!(
    "id",
    { securityGroupId: "sg-1", __provider: "A" },
    { securityGroupId: "sg-1", __provider: "B" },
  );
  expect(diff).toEqual({ changes: true });
});

describe("the provider object a resource hands Pulumi", () => {
  const at = (...parts: string[]) => path.join(path.sep, ...parts);
  const shimIn = (...dirs: string[]) => at(...dirs, ...SHIM_MODULE.split("/"));
  test.each([
    ["installed in the program's node_modules", at("p"), shimIn("p", "node_modules"), true],
    ["hoisted to a workspace root", at("repo", "infra"), shimIn("repo", "node_modules"), true],
    [
      "nested under another package",
      at("p"),
      shimIn("p", "node_modules", "lib", "node_modules"),
      false,
    ],
    [
      "in pnpm's store",
      at("p"),
      shimIn("p", "node_modules", ".pnpm", "x@1.0.0", "node_modules"),
      false,
    ],
    [
      "linked from outside any node_modules",
      at("p"),
      at("src", "sg", "dist", "provider", "shim.js"),
      false,
    ],
  ])("is stored as one require when %s: %s", (_where, cwd, file, asRequire) => {
    expect(storedAsRequire(cwd, file)).toBe(asRequire);
  });

  test("anywhere else it is a plain copy, which Pulumi stores by value", async () => {
    // Here the shim is provider/shim.ts in the repository, outside any node_modules.
    const provider = storedProvider();
    expect(provider).not.toBe(shim);
    expect(Object.keys(provider)).toEqual(Object.keys(shim));
    const { text } = await pulumi.runtime.serializeFunction(() => provider);
    expect(text).toContain('require("pulumi-alicloud-sg-membership").__rt.create');
  });

  test("a program that cannot require the package by name fails at once", () => {
    expect(() => storedProvider(at("nowhere", "program"))).toThrow(
      /pulumi-alicloud-sg-membership cannot be required from the program's directory \(.*nowhere.*\).*npm install pulumi-alicloud-sg-membership/,
    );
  });
});
