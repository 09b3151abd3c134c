/**
 * The scenario's Pulumi YAML driver: the official YAML language host (built from Go modules by
 * scripts/ensure-yaml-host.sh when missing), the program written as Pulumi.yaml (as JSON, which
 * is YAML).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MEMBERSHIP_TOKEN } from "./scenario";
import type { MembershipDecl, NativeLanguage, SecretConfigValue } from "./program";
import { yamlHostDir } from "../../../testkit/native-plugin";

const isSecretConfig = (value: unknown): value is SecretConfigValue =>
  typeof value === "object" && value !== null && "secretConfig" in value;

/** The projects' names and plugin directories, by program directory. */
const projects = new Map<string, { project: string; pluginDir: string }>();

function resource({ properties, customTimeouts, provider }: MembershipDecl) {
  const options = {
    ...(customTimeouts ? { customTimeouts } : {}),
    ...(provider ? { provider: `\${${provider}}` } : {}),
  };
  return {
    type: MEMBERSHIP_TOKEN,
    properties: Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [
        key,
        isSecretConfig(value) ? `\${${value.secretConfig}}` : value,
      ]),
    ),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

export const yamlLanguage: NativeLanguage = {
  name: "yaml",
  generatesImportCode: true,
  prepare(dir, project, pluginDir) {
    projects.set(dir, { project, pluginDir });
    return Promise.resolve({ PATH: `${yamlHostDir()}:${process.env.PATH}` });
  },
  write(dir, { resources, providers = {} }) {
    const { project, pluginDir } = projects.get(dir)!;
    const secrets = Object.values(resources)
      .flatMap((r) => Object.values(r.properties))
      .filter(isSecretConfig)
      .map((value) => [value.secretConfig, { type: "string", secret: true }]);
    const program = {
      name: project,
      runtime: "yaml",
      plugins: { providers: [{ name: "alicloud-sg-membership", path: pluginDir }] },
      config: Object.fromEntries(secrets),
      resources: {
        ...Object.fromEntries(
          Object.entries(providers).map(([name, properties]) => [
            name,
            { type: "pulumi:providers:alicloud-sg-membership", properties },
          ]),
        ),
        ...Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, resource(r)])),
      },
      outputs: Object.fromEntries(
        Object.keys(resources).map((name) => [name, `\${${name}.targetSecurityGroupIds}`]),
      ),
    };
    writeFileSync(join(dir, "Pulumi.yaml"), JSON.stringify(program, null, 2));
  },
};
