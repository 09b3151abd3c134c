/** The environment that points Pulumi at a file backend and this package at an emulator. */
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../emulator";

/** A file backend in `dir` with stacks secured by `passphrase`, no prompts, no update check, no plugin downloads. */
export const fileBackendEnv = (dir: string, passphrase: string): Record<string, string> => ({
  PULUMI_BACKEND_URL: `file://${dir}`,
  PULUMI_CONFIG_PASSPHRASE: passphrase,
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
});

/** The provider's endpoint, region and (unless `keys` is null) the emulator's key pair. */
export const emulatorEnv = (
  url: string,
  keys: { id: string; secret: string } | null = {
    id: DEFAULT_ACCESS_KEY_ID,
    secret: DEFAULT_ACCESS_KEY_SECRET,
  },
): Record<string, string> => ({
  ALIBABA_CLOUD_ECS_ENDPOINT: url,
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
  ...(keys
    ? { ALIBABA_CLOUD_ACCESS_KEY_ID: keys.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.secret }
    : {}),
});
