/**
 * The native provider plugin serving a Pulumi YAML program through the official YAML language
 * host: the scenario of ./native/scenario.ts (the YAML host also generates the declaration of
 * an imported membership), on the newest CLI of the support matrix and on its floor.
 */
import { describeNativeScenario } from "./native/scenario";
import { yamlLanguage } from "./native/yaml";

jest.setTimeout(180_000);

describeNativeScenario(yamlLanguage);
