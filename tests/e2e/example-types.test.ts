/**
 * examples/beside-alicloud-instance declares an `alicloud.ecs.Instance`, so it cannot run here:
 * the alicloud provider plugin is downloaded from GitHub, and its instance create and read call
 * ECS actions the emulator does not have (DescribeDisks, DescribeUserData, ...). It is
 * type-checked instead, in a project laid out as `npm install` leaves the example's own
 * package.json: `@pulumi/alicloud` at the version it pins (`npm pack` by the npm client, its
 * cache first, then unpacked: its only dependency is `@pulumi/pulumi`, which npm dedupes onto
 * the program's copy), this package as published (its package.json and the declarations the build
 * emits, written to the project, so no dist/ is needed) and the repository's copies of the other
 * dependencies; then `tsc --noEmit -p tsconfig.json`, the example's own options. Then the
 * instance must ignore changes to its group list and its tags under names its args really have
 * (Pulumi does not check them: a misspelt name silently ignores nothing), and the membership must
 * take the instance's ID, so that a replaced instance replaces it.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as ts from "typescript";
import { REPO_ROOT as ROOT } from "../../testkit/repo-root";
import { INSTALL_TIMEOUT_MS, run } from "../helpers/npm-project";

const EXAMPLE = join(ROOT, "examples", "beside-alicloud-instance");
const PACKAGE = "pulumi-alicloud-sg-membership";
const dependenciesOf = (dir: string) =>
  (
    JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    }
  ).dependencies;
const ALICLOUD_VERSION = dependenciesOf(EXAMPLE)["@pulumi/alicloud"];
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

let project: string;

/** node_modules/<name> as a link to the repository's copy. */
function linkFromRepository(modules: string, name: string) {
  mkdirSync(dirname(join(modules, name)), { recursive: true });
  symlinkSync(join(ROOT, "node_modules", name), join(modules, name));
}

/** The example folder as a user's project after `npm install`: its files and node_modules. */
async function exampleProject(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "sg-example-types-"));
  for (const file of ["index.ts", "tsconfig.json", "package.json"])
    copyFileSync(join(EXAMPLE, file), join(dir, file));
  const modules = join(dir, "node_modules");

  await run(
    "npm",
    ["pack", `@pulumi/alicloud@${ALICLOUD_VERSION}`, "--prefer-offline", "--loglevel=error"],
    { cwd: dir },
  );
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack @pulumi/alicloud@${ALICLOUD_VERSION} left no tarball`);
  mkdirSync(join(modules, "@pulumi", "alicloud"), { recursive: true });
  const unpacked = ["-xzf", tarball, "--strip-components=1", "-C", "node_modules/@pulumi/alicloud"];
  await run("tar", unpacked, { cwd: dir });
  rmSync(join(dir, tarball));

  // This package: what it publishes for the type checker (package.json, dist/**/*.d.ts).
  const installed = join(modules, PACKAGE);
  mkdirSync(installed, { recursive: true });
  copyFileSync(join(ROOT, "package.json"), join(installed, "package.json"));
  await run(
    process.execPath,
    [
      TSC,
      "-p",
      join(ROOT, "tsconfig.build.json"),
      "--emitDeclarationOnly",
      "--outDir",
      join(installed, "dist"),
    ],
    { cwd: ROOT },
  );
  for (const name of ["@pulumi/pulumi", "@types/node", ...Object.keys(dependenciesOf(ROOT))])
    linkFromRepository(modules, name);
  return dir;
}

beforeAll(async () => {
  project = await exampleProject();
}, INSTALL_TIMEOUT_MS);
afterAll(() => project && rmSync(project, { recursive: true, force: true }));
jest.setTimeout(120_000);

it("pins an exact @pulumi/alicloud version", () => {
  expect(ALICLOUD_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});

it("compiles with tsc --noEmit against @pulumi/alicloud and this package as published", async () => {
  // Rejects with tsc's output on any error.
  await run(process.execPath, [TSC, "--noEmit", "-p", join(project, "tsconfig.json")], {
    cwd: project,
  });
});

let checked: { checker: ts.TypeChecker; news: ts.NewExpression[] } | undefined;

/** The example's program, type-checked in process (once), and its `new` expressions. */
function exampleProgram() {
  checked ??= checkedProgram();
  return checked;
}

function checkedProgram() {
  const configPath = join(project, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const source = program.getSourceFile(join(project, "index.ts"));
  if (!source) throw new Error("index.ts is not in the program");
  const news: ts.NewExpression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node)) news.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { checker: program.getTypeChecker(), news };
}

/** Where the class a `new` expression constructs is declared: `<file>#<class>`. */
function declaredClass(checker: ts.TypeChecker, expr: ts.NewExpression): string {
  const declaration = checker.getResolvedSignature(expr)?.getDeclaration();
  const owner = declaration?.parent;
  if (!owner || !ts.isClassDeclaration(owner) || !owner.name) return "?";
  return `${owner.getSourceFile().fileName}#${owner.name.text}`;
}

/** The object literal's property `name`, if it has one. */
function property(literal: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  for (const p of literal.properties)
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  return undefined;
}

it("ignores changes to the instance's securityGroups and tags, which its args have", () => {
  const { checker, news } = exampleProgram();
  const instances = news.filter((n) =>
    declaredClass(checker, n).endsWith("/node_modules/@pulumi/alicloud/ecs/instance.d.ts#Instance"),
  );
  expect(instances).toHaveLength(1);
  const [instance] = instances;

  const ignored = property(instance.arguments?.[2], "ignoreChanges");
  if (!ignored || !ts.isArrayLiteralExpression(ignored))
    throw new Error("the instance's options have no ignoreChanges array literal");
  const names = ignored.elements.map((e) => (ts.isStringLiteral(e) ? e.text : e.getText()));
  expect([...names].sort()).toEqual(["securityGroups", "tags"]);

  // Each name is a property of the constructor's args type (InstanceArgs).
  const signature = checker.getResolvedSignature(instance);
  const argsParameter = signature?.getParameters()[1];
  if (!argsParameter) throw new Error("no args parameter on the Instance constructor");
  const argsType = checker.getNonNullableType(
    checker.getTypeOfSymbolAtLocation(argsParameter, instance),
  );
  expect(checker.typeToString(argsType)).toBe("InstanceArgs");
  for (const name of names) expect(checker.getPropertyOfType(argsType, name)).toBeDefined();
  // The program still declares the primary group (used when the instance is created).
  expect(property(instance.arguments?.[1], "securityGroups")).toBeDefined();
});

it("gives the membership the instance's id, so a replaced instance replaces it", () => {
  const { checker, news } = exampleProgram();
  const memberships = news.filter((n) =>
    declaredClass(checker, n).endsWith(
      `/node_modules/${PACKAGE}/dist/provider/resource/membership.d.ts#SecurityGroupMembership`,
    ),
  );
  expect(memberships).toHaveLength(1);
  const instanceId = property(memberships[0].arguments?.[1], "instanceId");
  if (!instanceId || !ts.isPropertyAccessExpression(instanceId) || instanceId.name.text !== "id")
    throw new Error(`instanceId is not <instance>.id: ${instanceId?.getText()}`);
  const declaration = checker.getSymbolAtLocation(instanceId.expression)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer)
    throw new Error(`${instanceId.expression.getText()} is not a variable with an initializer`);
  expect(ts.isNewExpression(declaration.initializer)).toBe(true);
  expect(declaredClass(checker, declaration.initializer as ts.NewExpression)).toMatch(
    /\/@pulumi\/alicloud\/ecs\/instance\.d\.ts#Instance$/,
  );
});
