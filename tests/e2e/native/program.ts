/**
 * A program on the native provider plugin, in any language: the scenario
 * (`./scenario.ts`) declares memberships as data, and each language's driver turns that into
 * its program (YAML writes Pulumi.yaml; the SDK programs read `PROGRAM_FILE` from their
 * directory and declare what it lists through the generated SDK).
 */

/** The file an SDK program reads its declarations from, in the program's directory. */
export const PROGRAM_FILE = "sg-program.json";

/** A secret input: the value of stack config `secretConfig`, read as a secret. */
export interface SecretConfigValue {
  secretConfig: string;
}

/** One `SecurityGroupMembership`. */
export interface MembershipDecl {
  /** Inputs by their schema names (camelCase); SDKs map them to their own spelling. */
  properties: Record<string, string | boolean | SecretConfigValue>;
  /** The `customTimeouts` resource option. */
  customTimeouts?: { create?: string; update?: string; delete?: string };
  /** The name of an explicit provider of `ProgramDecl.providers`, else the default provider. */
  provider?: string;
}

/** An explicit `pulumi:providers:alicloud-sg-membership` resource's inputs. */
export interface ProviderDecl {
  region?: string;
  endpoints?: { ecs: string }[];
}

/**
 * What a program declares: each resource of `resources` under its key as name, each provider
 * of `providers` likewise, and for each resource a stack output of the same name holding its
 * `targetSecurityGroupIds`.
 */
export interface ProgramDecl {
  resources: Record<string, MembershipDecl>;
  providers?: Record<string, ProviderDecl>;
}

/** A language's driver. */
export interface NativeLanguage {
  name: "yaml" | "typescript" | "python" | "go";
  /**
   * Once per program directory: writes the project (Pulumi.yaml named `project`, with the
   * plugin found through `plugins: providers: [{name: alicloud-sg-membership, path: pluginDir}]`),
   * installs what it needs, and returns the env vars the CLI needs for it (PATH to its host).
   */
  prepare(dir: string, project: string, pluginDir: string): Promise<Record<string, string>>;
  /** Makes the program in `dir` declare `decl` (and nothing else). */
  write(dir: string, decl: ProgramDecl): void;
  /** Whether the language host generates code for `pulumi import` (the YAML host does). */
  generatesImportCode: boolean;
}
