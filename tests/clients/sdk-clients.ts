/**
 * The official non-Node SDKs driven against the emulator, what each is and how it behaves where
 * SDKs differ, and how to get its program (scripts/ensure-sdk-clients.sh: a pinned venv, a Go
 * build). Versions are read from the pin files, so that test names never drift from them.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../testkit/repo-root";
import type { SignatureChoice } from "../helpers/ecs-client";
import type { Program } from "./plan";

const HERE = join(REPO_ROOT, "tests", "clients");

/** The first venv or Go build on a machine downloads and builds: give it minutes. */
export const SETUP_TIMEOUT_MS = 15 * 60 * 1000;

export interface SdkClient {
  /** For test names: language, package and pinned version. */
  label: string;
  /** The signatures the SDK can send, its default first. */
  signatures: SignatureChoice[];
  /** For the Go program's plan. */
  sdk?: string;
  /** Gets the program (installs or builds on first use); fails saying what is missing. */
  program(): Program;
  /** The error type the SDK raises for an ECS error answer. */
  errorType(status: number, retryAfter: boolean): string;
  /**
   * The code the SDK surfaces for `SignatureDoesNotMatch` after a wrong secret. Some SDKs compare
   * the server's string to sign (in the message) with their own: equal means the secret is wrong.
   */
  wrongSecretCode: string;
  /** What `Recommend()` says then, where the SDK says it there. */
  wrongSecretRecommend?: string;
  /** Whether its default retry policy retries a `Throttling` answer to a Describe* call. */
  retriesThrottledReads: boolean;
}

function pypiVersion(name: string): string {
  const file = readFileSync(join(HERE, "python", "requirements.txt"), "utf8");
  const pin = new RegExp(`^${name}==(\\S+)`, "m").exec(file);
  if (!pin) throw new Error(`tests/clients/python/requirements.txt pins no ${name}`);
  return pin[1];
}

function goVersion(module: string): string {
  const file = readFileSync(join(HERE, "go", "go.mod"), "utf8");
  const pin = new RegExp(`^\\s*${module.replace(/\./g, "\\.")} (v\\S+)`, "m").exec(file);
  if (!pin) throw new Error(`tests/clients/go/go.mod requires no ${module}`);
  return pin[1];
}

/** Per language and process: the path, or why it could not be had (asked once). */
const got = new Map<string, string | Error>();

/** Runs scripts/ensure-sdk-clients.sh; returns the path it prints, or throws saying what is missing. */
function ensure(language: "python" | "go", what: string): string {
  if (!got.has(language)) {
    const script = join(REPO_ROOT, "scripts", "ensure-sdk-clients.sh");
    const result = spawnSync("bash", [script, language], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: SETUP_TIMEOUT_MS,
    });
    process.stderr.write(result.stderr ?? "");
    got.set(
      language,
      result.status === 0
        ? result.stdout.trim()
        : new Error(
            `These tests need ${what} and could not get it: scripts/ensure-sdk-clients.sh ` +
              `${language} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n` +
              (result.stderr ?? ""),
          ),
    );
  }
  const path = got.get(language)!;
  if (path instanceof Error) throw path;
  return path;
}

const PYTHON_NEEDS =
  "Python >= 3.9 with venv and pip (apt-get install python3 python3-venv) and access to PyPI";
const GO_NEEDS = "Go >= the go line of tests/clients/go/go.mod on PATH and the Go module proxy";

const python = (script: string): Program => ({
  file: ensure("python", PYTHON_NEEDS),
  args: [join(HERE, "python", script)],
});
const go = (): Program => ({ file: ensure("go", GO_NEEDS), args: [] });

export const PYTHON_TEA: SdkClient = {
  label:
    `Python alibabacloud-ecs20140526 ${pypiVersion("alibabacloud-ecs20140526")} ` +
    `(alibabacloud-tea-openapi ${pypiVersion("alibabacloud-tea-openapi")})`,
  signatures: ["ACS3-HMAC-SHA256", "HMAC-SHA1"],
  program: () => python("tea_client.py"),
  // alibabacloud_tea_openapi/client.py: ThrottlingException only when x-acs-retry-after is sent.
  errorType: (status, retryAfter) =>
    retryAfter ? "ThrottlingException" : status < 500 ? "ClientException" : "ServerException",
  wrongSecretCode: "SignatureDoesNotMatch",
  retriesThrottledReads: false,
};

export const PYTHON_CORE: SdkClient = {
  label:
    `Python aliyun-python-sdk-core ${pypiVersion("aliyun-python-sdk-core")} + ` +
    `aliyun-python-sdk-ecs ${pypiVersion("aliyun-python-sdk-ecs")}`,
  signatures: ["HMAC-SHA1"],
  program: () => python("core_client.py"),
  errorType: () => "ServerException",
  // aliyunsdkcore/client.py `_get_server_exception`: the same string to sign means a wrong secret.
  wrongSecretCode: "InvalidAccessKeySecret",
  // aliyunsdkcore/data/retry_config.json: Describe* calls, code "Throttling", 3 retries.
  retriesThrottledReads: true,
};

export const GO_DARABONBA: SdkClient = {
  label:
    `Go github.com/alibabacloud-go/ecs-20140526/v7 ${goVersion("github.com/alibabacloud-go/ecs-20140526/v7")} ` +
    `(darabonba-openapi/v2 ${goVersion("github.com/alibabacloud-go/darabonba-openapi/v2")})`,
  signatures: ["ACS3-HMAC-SHA256", "HMAC-SHA1"],
  sdk: "darabonba",
  program: go,
  // dara.TeaSDKError wraps every error unless DisableSDKError is set.
  errorType: () => "*tea.SDKError",
  wrongSecretCode: "SignatureDoesNotMatch",
  retriesThrottledReads: false,
};

export const GO_V1: SdkClient = {
  label: `Go github.com/aliyun/alibaba-cloud-sdk-go ${goVersion("github.com/aliyun/alibaba-cloud-sdk-go")}`,
  signatures: ["HMAC-SHA1"],
  sdk: "v1",
  program: go,
  errorType: () => "*errors.ServerError",
  // sdk/errors/signature_does_not_match_wrapper.go keeps the code and says so in Recommend().
  wrongSecretCode: "SignatureDoesNotMatch",
  wrongSecretRecommend: "InvalidAccessKeySecret: Please check you AccessKeySecret",
  retriesThrottledReads: false, // Config.AutoRetry defaults to false
};
