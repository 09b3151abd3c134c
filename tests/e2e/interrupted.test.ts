/**
 * A `pulumi up` killed midway (some Joins done, none recorded), then the recovery steps the
 * README documents: cancel, refresh --clear-pending-creates, and one up that adopts what the
 * killed run joined. It converges, and destroy leaves nothing behind.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEFAULT_IDS as ids } from "../../emulator";
import { pulumiCli } from "../../testkit/pulumi-cli";
import { CLI_TIMEOUT_MS, E2eWorld, groupsByTarget, type Membership } from "./helpers";

const world = new E2eWorld();
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
jest.setTimeout(180_000);

const MEMBERSHIPS: Membership[] = [ids.web1, ids.web2, ids.web3].map((instanceId, n) => ({
  name: `m${n}`,
  instanceId,
  securityGroupId: ids.monitorGroup,
}));

const joined = async () =>
  Object.values(await groupsByTarget(world.emulator)).filter((g) => g.includes(ids.monitorGroup))
    .length;

/** Processes whose working directory is `dir`, with their command lines. */
function processesIn(dir: string): { pid: number; command: string }[] {
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      found.push({ pid: Number(pid), command });
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return found;
}

/** The language host and the program it runs (the SDK's cmd/run), in `dir`. */
const hostAndProgram = (dir: string) =>
  processesIn(dir).filter(
    (p) => p.command.includes("pulumi-language-nodejs") || /cmd[/\\]run/.test(p.command),
  );

/**
 * Kills a `pulumi up` once the first Join has landed. The language host notices that its engine
 * is gone and exits, ending the program it runs; the test waits up to 20 s for that (the result
 * says what ran before the kill and what was left after the wait). The SDK's dynamic-provider plugin has no such check,
 * and the engine starts plugins in process groups of their own, so the test ends those itself.
 */
async function killedUp(stackName: string) {
  const cli = await pulumiCli();
  const child = spawn(cli.command, ["up", "--yes", "--non-interactive", "--stack", stackName], {
    cwd: world.program,
    env: { ...process.env, ...world.envVars() },
    detached: true,
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  for (let n = 0; n < 300 && (await joined()) === 0; n++)
    await new Promise((r) => setTimeout(r, 100));
  const running = hostAndProgram(world.program);
  process.kill(-child.pid!, "SIGKILL");
  await exited;
  const killedAt = Date.now();
  let left = hostAndProgram(world.program);
  while (left.length > 0 && Date.now() - killedAt < 20_000) {
    await new Promise((r) => setTimeout(r, 200));
    left = hostAndProgram(world.program);
  }
  for (const { pid } of processesIn(world.program)) process.kill(pid, "SIGKILL");
  return { running, left };
}

it("converges after the documented recovery steps", async () => {
  const stack = await world.stack(MEMBERSHIPS);
  // Every Join is carried out at once but answered only after 4 s: the kill lands in between.
  await world.emulator.control.addFault({
    action: "JoinSecurityGroup",
    latencyMs: 4000,
    afterApply: true,
  });
  const killed = await killedUp(stack.name);
  await world.emulator.control.clearFaults();
  const hosts = killed.running.filter((p) => p.command.includes("pulumi-language-nodejs"));
  expect(hosts).toHaveLength(1);
  // Our host (tools/pulumi-language-nodejs, built by ensure-pulumi-cli.sh beside its
  // .build-key) went with the engine and took its program along; the official host, of a
  // pulumi found on PATH instead, would wait up to 5 minutes.
  const hostBinary = hosts[0].command.split(" ")[0];
  if (existsSync(join(dirname(hostBinary), ".build-key"))) expect(killed.left).toEqual([]);
  expect(await joined()).toBeGreaterThan(0);

  await stack.cancel();
  await stack.refresh({ clearPendingCreates: true });
  stack.workspace.envVars.SG_MEMBERSHIP_ADOPT_EXISTING = "true";
  const up = await stack.up();
  delete stack.workspace.envVars.SG_MEMBERSHIP_ADOPT_EXISTING;
  expect(up.summary.result).toBe("succeeded");
  expect(await joined()).toBe(3);
  expect((await stack.preview()).changeSummary).toEqual({ same: 4 });

  await stack.destroy();
  const left = await groupsByTarget(world.emulator);
  for (const m of MEMBERSHIPS) expect(left[m.instanceId!]).toEqual([ids.webGroup]);
  await stack.workspace.removeStack(stack.name);
});
