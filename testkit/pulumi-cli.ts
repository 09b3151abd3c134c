import { dirname } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { cliDir, MATRIX } from "./support-matrix";

let cli: Promise<PulumiCommand> | undefined;

/** The primary combination's Pulumi CLI, built from Go modules on first use; fails saying what is missing. */
export function pulumiCli(): Promise<PulumiCommand> {
  cli ??= (async () => {
    const dir = cliDir(MATRIX.cli.newest);
    return PulumiCommand.get({ root: dirname(dir), skipVersionCheck: false });
  })();
  return cli;
}
