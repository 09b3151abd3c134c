/** What bench/programs/native declares per membership: every property of the package schema. */
import { MEMBERSHIP_TOKEN, packageSchema } from "../provider/native/schema";

/** The resource's inputs and outputs in the schema, as JSON (the program's `schemaProperties`). */
export function schemaProperties(): string {
  const resource = packageSchema("0.0.0").resources[MEMBERSHIP_TOKEN];
  const keys = new Set([
    ...Object.keys(resource.inputProperties),
    ...Object.keys(resource.properties),
  ]);
  return JSON.stringify([...keys]);
}
