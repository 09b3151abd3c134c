/** Runs the built `ecs-emulator` command and waits for its "listening" line. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const CLI = join(__dirname, "..", "..", "dist", "emulator", "cli.js");

export interface CliEmulator {
  url: string;
  endpoint: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startCli(args: string[]): Promise<CliEmulator> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^ecs-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(output);
      if (!match) return;
      resolve({
        url: match[1],
        endpoint: `127.0.0.1:${match[2]}`,
        child,
        stop: () =>
          new Promise((done) => {
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => reject(new Error(`ecs-emulator exited with ${code}: ${output}`)));
  });
}

/** Runs the command to its end; for arguments it must refuse. */
export function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}
