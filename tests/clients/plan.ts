/**
 * The plan protocol between these tests and the client programs (tests/clients/python/plan.py,
 * tests/clients/go/plan.go): the plan goes to the program's stdin, and the program prints one
 * JSON line per answer it surfaced. The programs run as child processes, asynchronously, since
 * the emulator they call answers from this process's event loop.
 */
import { spawn } from "node:child_process";
import type { SignatureChoice } from "../helpers/ecs-client";

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface Step {
  action: string;
  /** ECS wire names; lists as JSON arrays (`NetworkInterfaceId: [...]`), `InstanceIds` as a JSON string. */
  params: Record<string, unknown>;
  signature: SignatureChoice;
  credentials: Credentials;
  /** Follow the pages: by `NextToken`, or by `PageNumber` until `TotalCount` were listed. */
  pages?: "NextToken" | "PageNumber";
}

export interface Plan {
  /** For the Go program: which SDK (`darabonba` or `v1`). */
  sdk?: string;
  /** `127.0.0.1:PORT` */
  endpoint: string;
  regionId: string;
  steps: Step[];
}

/** What the client's error said, read through the SDK's own accessors. */
export interface ClientFailure {
  /** The error's class or Go type, e.g. `ClientException`, `*tea.SDKError`. */
  type: string;
  code: string;
  status?: number;
  requestId?: string;
  message: string;
  /** Go SDK v1: `Recommend()`. */
  recommend?: string;
  /** Python Tea: `ThrottlingException.retry_after`. */
  retryAfter?: number | null;
}

export type Body = Record<string, unknown>;

export interface Outcome {
  step: number;
  action: string;
  ok: boolean;
  /** The HTTP status of a success, where the SDK tells it (aliyun-python-sdk-core does not). */
  status?: number;
  requestId?: string;
  body?: Body;
  error?: ClientFailure;
}

export interface Program {
  file: string;
  args: string[];
}

/** Each plan gets this long; a plan makes at most a few dozen local calls. */
const PLAN_TIMEOUT_MS = 60_000;

export function runPlan(program: Program, plan: Plan): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(program.file, program.args, {
      stdio: ["pipe", "pipe", "pipe"],
      timeout: PLAN_TIMEOUT_MS,
      env: {
        ...process.env,
        NO_PROXY: "127.0.0.1,localhost",
        no_proxy: "127.0.0.1,localhost",
        PYTHONDONTWRITEBYTECODE: "1",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ran = `${program.file} ${program.args.join(" ")}`;
      if (code !== 0) {
        reject(new Error(`${ran} exited with ${code ?? signal}:\n${stderr}${stdout}`));
        return;
      }
      try {
        resolve(
          stdout
            .split("\n")
            .filter((line) => line.trim())
            .map((line) => JSON.parse(line) as Outcome),
        );
      } catch (e) {
        reject(new Error(`${ran} printed a line that is not JSON (${e}):\n${stdout}`));
      }
    });
    child.stdin.end(JSON.stringify(plan));
  });
}
