/**
 * The package as a user gets it: `npm pack` of this repository, `npm install` of the tarball in
 * a fresh project (dependencies from npm's cache, else the registry), then the lifecycle through
 * the real CLI. The state stores the shim as one `require` of the installed package.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_IDS as ids } from "../../emulator";
import { SHIM_MODULE } from "../../provider/resource/stored-provider";
import { MATRIX } from "../../testkit/support-matrix";
import { INSTALL_TIMEOUT_MS, npmProject, packedPackage } from "../helpers/npm-project";
import { CLI_TIMEOUT_MS, E2eWorld, groupsByTarget } from "./helpers";

/** A project with the packed package installed by npm, and the e2e program. */
async function installedProject(): Promise<string> {
  const dir = await npmProject([await packedPackage(), `@pulumi/pulumi@${MATRIX.sdk.newest}`]);
  for (const file of ["Pulumi.yaml", "index.js"])
    copyFileSync(join(__dirname, "program", file), join(dir, file));
  return dir;
}

let world: E2eWorld;
beforeAll(async () => {
  world = new E2eWorld({ programDir: await installedProject() });
  await world.start();
}, CLI_TIMEOUT_MS + INSTALL_TIMEOUT_MS);
afterAll(() => world?.stop());
jest.setTimeout(180_000);

it("runs up and destroy from an npm install, storing the shim as one require", async () => {
  const stack = await world.stack([
    { name: "m", networkInterfaceId: ids.attachedEni, securityGroupId: ids.opsGroup },
  ]);
  const up = await stack.up();
  expect(up.outputs.m.value).toEqual(
    expect.objectContaining({ kind: "networkInterface", target: ids.attachedEni }),
  );
  expect((await groupsByTarget(world.emulator))[ids.attachedEni]).toEqual([
    ids.webGroup,
    ids.opsGroup,
  ]);
  const exported = await stack.exportStack();
  const resource = exported.deployment.resources.find((r: { type: string }) =>
    r.type.endsWith(":SecurityGroupMembership"),
  );
  for (const stored of [resource.inputs.__provider, resource.outputs.__provider]) {
    expect(stored).toContain(`require("${SHIM_MODULE}")`);
    expect(Buffer.byteLength(stored)).toBeLessThan(400);
  }
  await stack.destroy();
  expect((await groupsByTarget(world.emulator))[ids.attachedEni]).toEqual([ids.webGroup]);
  await stack.workspace.removeStack(stack.name);
});
