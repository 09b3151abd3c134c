/**
 * The native provider plugin serving a Python program (the generated SDK, sdk/python) through
 * our minimal Python language host: the scenario of ./native/scenario.ts.
 */
import { describeNativeScenario } from "./native/scenario";
import { pythonLanguage } from "./native/python";

jest.setTimeout(180_000);

describeNativeScenario(pythonLanguage);
