/**
 * Installs other than a direct one in the program's node_modules. In pnpm's store the state must
 * not name the store's path: it stores the shim by value, which requires the package by name,
 * and the whole lifecycle works. Nested under another package only, the provider process could
 * not find the package by name, so `pulumi up` fails at once saying what to install.
 */
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_IDS as ids } from "../../emulator";
import { PACKAGE_NAME } from "../../provider/resource/stored-provider";
import { capture, CLI_TIMEOUT_MS, E2eWorld, groupsByTarget, programCopy } from "./helpers";

const membership = { name: "m", instanceId: ids.web2, securityGroupId: ids.cacheGroup };

/** The e2e program with the package moved from node_modules/ to where `place` puts it. */
function programWith(place: (modules: string, installed: string) => void): string {
  const dir = programCopy();
  place(join(dir, "node_modules"), join(dir, "node_modules", PACKAGE_NAME));
  return dir;
}

const nestedUnderAPackage = programWith((modules, installed) => {
  const wrapper = join(modules, "infra-lib");
  mkdirSync(join(wrapper, "node_modules"), { recursive: true });
  renameSync(installed, join(wrapper, "node_modules", PACKAGE_NAME));
  writeFileSync(
    join(wrapper, "package.json"),
    JSON.stringify({ name: "infra-lib", version: "1.0.0", exports: { ".": "./index.js" } }),
  );
  writeFileSync(join(wrapper, "index.js"), `module.exports = require("${PACKAGE_NAME}");\n`);
  const program = join(modules, "..", "index.js");
  const text = readFileSync(program, "utf8");
  expect(text).toContain(`require("${PACKAGE_NAME}")`);
  writeFileSync(program, text.replace(`require("${PACKAGE_NAME}")`, 'require("infra-lib")'));
});

const inPnpmStore = programWith((modules, installed) => {
  const store = join(modules, ".pnpm", `${PACKAGE_NAME}@0.1.0`, "node_modules");
  mkdirSync(store, { recursive: true });
  renameSync(installed, join(store, PACKAGE_NAME));
  symlinkSync(join(store, PACKAGE_NAME), installed);
});

describe("the package in pnpm's store", () => {
  const world = new E2eWorld({ programDir: inPnpmStore });
  beforeAll(() => world.start(), CLI_TIMEOUT_MS);
  afterAll(() => world.stop());
  jest.setTimeout(180_000);

  it("stores the shim by value and runs up, refresh and destroy", async () => {
    const stack = await world.stack([membership]);
    await stack.up();
    const exported = await stack.exportStack();
    const resource = exported.deployment.resources.find((r: { type: string }) =>
      r.type.endsWith(":SecurityGroupMembership"),
    );
    for (const stored of [resource.inputs.__provider, resource.outputs.__provider]) {
      expect(stored).toContain(`require("${PACKAGE_NAME}").__rt.delete`);
      expect(stored).not.toContain("node_modules");
    }
    expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([
      ids.webGroup,
      ids.cacheGroup,
    ]);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 2 });
    await stack.destroy();
    expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.webGroup]);
    await stack.workspace.removeStack(stack.name);
  });
});

describe("the package nested under another package only", () => {
  const world = new E2eWorld({ programDir: nestedUnderAPackage });
  beforeAll(() => world.start(), CLI_TIMEOUT_MS);
  afterAll(() => world.stop());
  jest.setTimeout(180_000);

  it("fails pulumi up at once, saying to add the package to the program", async () => {
    const stack = await world.stack([membership]);
    const output = capture();
    await expect(stack.up({ onOutput: output.onOutput })).rejects.toThrow();
    expect(output.text()).toContain(
      `${PACKAGE_NAME} cannot be required from the program's directory`,
    );
    expect(output.text()).toContain(`npm install ${PACKAGE_NAME}`);
    expect(await world.emulator.control.requests()).toEqual([]);
    await stack.workspace.removeStack(stack.name, { force: true });
  });
});
