/**
 * An upgrade of the package reaches existing stacks: state created with one build is destroyed
 * by the next build's code, and `pulumi up` rewrites the stored shim. Build "B" is a copy of
 * dist/ with a changed shim text and a delete that leaves a marker file. The package is linked
 * (shim serialized by value) unless a test installs it (shim stored as one `require`).
 */
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IDS as ids } from "../../emulator";
import { PACKAGE_NAME } from "../../provider/resource/stored-provider";
import { copyPublishedFiles } from "../../testkit/installed-package";
import { CLI_TIMEOUT_MS, E2eWorld, groupsByTarget, programCopy } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "sg-e2e-upgrade-"));
const marker = join(scratch, "deleted-by");

/** A copy of the built package whose shim text differs and whose delete says it ran. */
function buildB(): string {
  const dir = join(scratch, "package-b");
  mkdirSync(dir);
  cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
  const { files } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    files: string[];
  };
  // Every top-level folder the package publishes (dist/, plugin/).
  for (const top of new Set(files.map((path) => path.split("/")[0])))
    cpSync(join(ROOT, top), join(dir, top), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  const shim = join(dir, "dist", "provider", "shim.js");
  const text = readFileSync(shim, "utf8");
  expect(text).toContain(".__rt.delete(...a)");
  writeFileSync(shim, text.replace(".__rt.delete(...a)", '.__rt["delete"](...a)'));
  appendFileSync(
    join(dir, "dist", "provider", "index.js"),
    `\nconst upgradeRuntime = exports.__rt, upgradeDelete = upgradeRuntime.delete;
upgradeRuntime.delete = (...a) => (require("fs").appendFileSync(process.env.SG_E2E_UPGRADE_MARKER, "B\\n"), upgradeDelete(...a));\n`,
  );
  return dir;
}

/**
 * A node_modules of symlinks to the repository's, with this package linked to a build (`use`)
 * or installed from one as a real directory (`install`), as the registry would.
 */
function nodeModulesWith(packageDir: string) {
  const dir = join(scratch, "node_modules");
  mkdirSync(dir);
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    if (entry !== PACKAGE_NAME) symlinkSync(join(ROOT, "node_modules", entry), join(dir, entry));
  }
  const target = join(dir, PACKAGE_NAME);
  const use = (build: string) => {
    rmSync(target, { recursive: true, force: true });
    symlinkSync(build, target);
  };
  const install = (build: string) => {
    rmSync(target, { recursive: true, force: true });
    copyPublishedFiles(build, target);
  };
  use(packageDir);
  return { dir, use, install };
}

/** What Pulumi stores when the package is installed: one require of the installed shim. */
const INSTALLED_SHIM = 'require("pulumi-alicloud-sg-membership/dist/provider/shim.js")';

const modules = nodeModulesWith(ROOT);
const world = new E2eWorld({
  programDir: programCopy(modules.dir),
  env: { SG_E2E_UPGRADE_MARKER: marker },
});
const packageB = buildB();
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
beforeEach(() => {
  world.emulator.control.reset();
  modules.use(ROOT);
  rmSync(marker, { force: true });
});
jest.setTimeout(180_000);

const membership = { name: "m", instanceId: ids.web2, securityGroupId: ids.cacheGroup };
const storedShims = async (stack: Awaited<ReturnType<E2eWorld["stack"]>>) => {
  const exported = await stack.exportStack();
  const r = exported.deployment.resources.find((x: { type: string }) =>
    x.type.endsWith(":SecurityGroupMembership"),
  );
  return [r.inputs.__provider as string, r.outputs.__provider as string];
};

it("a stack created with one build is destroyed by the newer build's delete", async () => {
  const stack = await world.stack([membership]);
  await stack.up();
  expect((await storedShims(stack)).every((s) => !s.includes('["delete"]'))).toBe(true);
  modules.use(packageB);
  await stack.destroy();
  expect(readFileSync(marker, "utf8")).toBe("B\n");
  expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.webGroup]);
  await stack.workspace.removeStack(stack.name);
});

it("pulumi up with the newer build rewrites the stored shim without any API call", async () => {
  const stack = await world.stack([membership]);
  await stack.up();
  modules.use(packageB);
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual(expect.objectContaining({ update: 1 }));
  await world.emulator.control.clearRequests();
  await stack.up();
  expect(await world.emulator.control.requests()).toEqual([]);
  expect((await storedShims(stack)).every((s) => s.includes('["delete"]'))).toBe(true);
  await stack.destroy();
  expect(readFileSync(marker, "utf8")).toBe("B\n");
  await stack.workspace.removeStack(stack.name);
});

it("an installed package is reached through the one-line shim: the newer build's delete runs", async () => {
  modules.install(ROOT);
  const stack = await world.stack([membership]);
  await stack.up();
  const shims = await storedShims(stack);
  for (const shim of shims) {
    expect(shim).toContain(INSTALLED_SHIM);
    expect(shim).not.toContain("__rt");
    expect(Buffer.byteLength(shim)).toBeLessThan(400);
  }
  modules.install(packageB);
  await stack.destroy();
  expect(readFileSync(marker, "utf8")).toBe("B\n");
  expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.webGroup]);
  await stack.workspace.removeStack(stack.name);
});

it("a stack made with the package linked moves to the one-line shim once it is installed", async () => {
  const stack = await world.stack([membership]);
  await stack.up();
  expect((await storedShims(stack)).every((s) => s.includes("__rt.create"))).toBe(true);
  modules.install(ROOT);
  const preview = await stack.preview();
  expect(preview.changeSummary).toEqual(expect.objectContaining({ update: 1 }));
  await world.emulator.control.clearRequests();
  await stack.up();
  expect(await world.emulator.control.requests()).toEqual([]);
  expect((await storedShims(stack)).every((s) => s.includes(INSTALLED_SHIM))).toBe(true);
  await stack.destroy();
  expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.webGroup]);
  await stack.workspace.removeStack(stack.name);
});
