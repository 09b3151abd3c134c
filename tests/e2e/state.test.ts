/** What `pulumi stack export` and the CLI's output hold: a one-line shim, and never a credential. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_IDS as ids } from "../../emulator";
import { capture, CLI_TIMEOUT_MS, E2eWorld, type Membership } from "./helpers";

const ACCESS_KEY_ID = "LTAI5tE2eCredentialId";
const SECRET = "e2e-Secret-Value-7f3a9c";
const MEMBERSHIPS: Membership[] = [
  { name: "instance", instanceId: ids.web1, securityGroupId: ids.appGroup },
  { name: "eni", networkInterfaceId: ids.attachedEni, securityGroupId: ids.dbGroup },
];

/** Every file the file backend wrote (checkpoints, history, backups), as text. */
function backendFiles(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, "utf8"))
    .join("\n");
}

interface Resource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe.each([
  ["stack config (secret)", true],
  ["the environment", false],
])("with credentials from %s", (_from, credentialsInConfig) => {
  const world = new E2eWorld({
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: SECRET,
    credentialsInConfig,
  });
  beforeAll(() => world.start(), CLI_TIMEOUT_MS);
  afterAll(() => world.stop());
  jest.setTimeout(180_000);

  it("stores __provider as one require of the installed package, and no credential", async () => {
    const stack = await world.stack(MEMBERSHIPS);
    const output = capture();
    await stack.up({ onOutput: output.onOutput });
    await stack.refresh({ onOutput: output.onOutput });
    const exported = await stack.exportStack();
    const resources = (exported.deployment.resources as Resource[]).filter((r) =>
      r.type.endsWith(":SecurityGroupMembership"),
    );
    expect(resources).toHaveLength(2);
    for (const r of resources) {
      for (const copy of [r.inputs?.__provider, r.outputs?.__provider]) {
        expect(copy).toContain('require("pulumi-alicloud-sg-membership/dist/provider/shim.js")');
        expect(Buffer.byteLength(copy as string)).toBeLessThan(400);
      }
    }
    // exportStack() decrypts secrets for the caller, so the state is read as stored on disk.
    const stored = backendFiles(world.backend);
    expect(stored).toContain(`${ids.region}/${ids.web1}/${ids.appGroup}`);
    expect(stored + output.text()).not.toContain(SECRET);
    expect(output.text()).toContain("3 created");
    await stack.destroy({ onOutput: output.onOutput });
    expect(output.text()).not.toContain(SECRET);
    await stack.workspace.removeStack(stack.name);
  });
});
