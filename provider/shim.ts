/**
 * The provider object Pulumi serializes into every resource's state (DESIGN decision 1). It
 * holds no logic and captures nothing: each method requires the installed package by name and
 * calls its runtime, so upgrading the package fixes refresh and delete of existing resources,
 * and no SDK object or secret is ever written to state. No `this`, no class fields.
 *
 * It is this module's whole `module.exports`. When the package is installed directly in a
 * node_modules, Pulumi's closure serializer recognises the object as that module and stores only
 * `require("pulumi-alicloud-sg-membership/dist/provider/shim.js")`, about 300 bytes per copy
 * (see resource/stored-provider.ts). Anywhere else (`npm link`, `file:`, workspaces, pnpm's store) the
 * resource hands Pulumi a copy that is serialized by value; that is why the methods stay
 * self-contained one-line arrows (under 2 KB) and the runtime export has a short name (`__rt`).
 */
/* eslint-disable @typescript-eslint/no-require-imports */

import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<pulumi.dynamic.ResourceProvider>;
type Args<K extends keyof Provider> = Parameters<Provider[K]>;

// prettier-ignore
const shim: pulumi.dynamic.ResourceProvider = {
  configure: (r: Args<"configure">[0]) => require("pulumi-alicloud-sg-membership").__rt.configure(r),
  check: (...a: Args<"check">) => require("pulumi-alicloud-sg-membership").__rt.check(...a),
  diff: (...a: Args<"diff">) => require("pulumi-alicloud-sg-membership").__rt.diff(...a),
  create: (i: Args<"create">[0]) => require("pulumi-alicloud-sg-membership").__rt.create(i),
  read: (...a: Args<"read">) => require("pulumi-alicloud-sg-membership").__rt.read(...a),
  update: (...a: Args<"update">) => require("pulumi-alicloud-sg-membership").__rt.update(...a),
  delete: (...a: Args<"delete">) => require("pulumi-alicloud-sg-membership").__rt.delete(...a),
};

export = shim;
