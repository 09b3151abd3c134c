/**
 * Requests for the wire fuzz test (fuzz.test.ts): generators of random and mutated requests, and a
 * raw socket exchange that sends them byte for byte, so that no client fixes them up.
 */
import fc from "fast-check";
import { connect } from "node:net";
import { DEFAULT_IDS as ids } from "../../../emulator";
import type { RawRequest } from "../../helpers/raw-request";

export interface Wire {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
}

export interface Answer {
  status: number;
  head: string;
  body: string;
}

/** Sends the request as bytes (`connection: close`) and reads the whole answer. */
export function exchange(port: number, w: Wire): Promise<Answer> {
  const head = [
    `${w.method} ${w.target} HTTP/1.1`,
    ...w.headers.map(([k, v]) => `${k}: ${v}`),
    `content-length: ${w.body.length}`,
    "connection: close",
    "",
    "",
  ].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("no answer within 5 s"));
    }, 5000);
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on("end", () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      const head = all.subarray(0, split).toString("latin1");
      const raw = all.subarray(split + 4);
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0);
      const chunked = /transfer-encoding: chunked/i.test(head);
      resolve({ status, head, body: (chunked ? unchunk(raw) : raw).toString("utf8") });
    });
    socket.end(Buffer.concat([Buffer.from(head, "latin1"), w.body]));
  });
}

/** The body of a chunked answer (sizes in hex, each chunk ends in CRLF, then a 0 chunk). */
function unchunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    const size = parseInt(raw.subarray(at, eol).toString("latin1"), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

export const fromRaw = (raw: RawRequest): Wire => ({
  method: raw.method,
  target: raw.path,
  headers: Object.entries(raw.headers),
  body: Buffer.from(raw.body),
});

const headerText = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
const NAMES = [
  "Action",
  "Version",
  "Format",
  "Signature",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
  "AccessKeyId",
  "SecurityToken",
  "RegionId",
  "InstanceId",
  "NetworkInterfaceId",
  "SecurityGroupId",
  "SecurityGroupIds",
  "SecurityGroupIds.1",
  "SecurityGroupId.1",
  "InstanceIds",
  "NextToken",
  "MaxResults",
  "PageNumber",
  "PageSize",
  "Tag.1.Key",
  "Tag.1.Value",
  "ResourceType",
  "ResourceId.1",
  "DryRun",
  "constructor",
  "__proto__",
  "toString",
];
const ACTIONS = [
  "DescribeInstances",
  "DescribeSecurityGroups",
  "DescribeNetworkInterfaces",
  "DescribeInstanceAttribute",
  "DescribeNetworkInterfaceAttribute",
  "JoinSecurityGroup",
  "LeaveSecurityGroup",
  "ModifyInstanceAttribute",
  "ModifyNetworkInterfaceAttribute",
  "TagResources",
  "UntagResources",
  "ListTagResources",
  "RunInstances",
  "StopInstance",
  "StartInstance",
  "CreateSecurityGroup",
  "DeleteSecurityGroup",
  "CreateNetworkInterface",
  "AttachNetworkInterface",
  "DetachNetworkInterface",
  "DeleteNetworkInterface",
  "DeleteInstance",
  "constructor",
  "NoSuchAction",
];
const KNOWN_VALUES = [
  ids.region,
  ids.web1,
  ids.stopped,
  ids.locked,
  ids.webGroup,
  ids.appGroup,
  ids.enterpriseGroup,
  ids.managedGroup,
  ids.attachedEni,
  ids.availableEni,
  ids.vSwitch,
  ids.vpc,
  "instance",
  "eni",
  "true",
  "false",
  "0",
  "-1",
  "99999999999999999999",
  "[]",
  '["i-1"]',
  "[1,2",
  "HMAC-SHA1",
  "2014-05-26",
  "XML",
  "",
];
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));
const value = fc.oneof(
  fc.constantFrom(...KNOWN_VALUES),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.json({ maxDepth: 2 }),
  fc.integer({ min: 1, max: 5000 }).map((n) => "x".repeat(n)),
);

/** Query or form text: properly encoded, raw bytes as %XX (any bytes, so broken UTF-8 too), or stray %. */
const encodedPairs = fc.array(fc.tuple(name, value), { maxLength: 12 }).chain((pairs) =>
  fc.constantFrom("proper", "bytes", "broken").map((style) =>
    pairs
      .map(([k, v]) => {
        if (style === "proper") return `${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
        if (style === "bytes") {
          const hex = (s: string) =>
            [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
          return `${hex(k)}=${hex(v)}`;
        }
        return `${encodeURIComponent(k)}%=%${encodeURIComponent(v)}%zz%E0%A4`;
      })
      .join("&"),
  ),
);

/** `LOOPBACK` stands for the emulator's own `127.0.0.1:PORT`, which the test fills in. */
const host = fc.constantFrom("LOOPBACK", "ecs.cn-hangzhou.aliyuncs.com", "evil.example", "");
const contentType = fc.constantFrom(
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=UTF-8",
  "application/json",
  "text/plain",
  "multipart/form-data; boundary=x",
  "",
);
const authorization = fc.oneof(
  fc.constant(""),
  headerText,
  fc
    .tuple(
      fc.constantFrom("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "ACS3-", "ACS3-HMAC-SHA256 "),
      headerText,
      fc.array(fc.constantFrom("host", "x-acs-date", "x-acs-action", "constructor", ""), {
        maxLength: 6,
      }),
      fc.stringMatching(/^[0-9a-f]{0,64}$/),
    )
    .map(
      ([algorithm, credential, signed, signature]) =>
        `${algorithm} Credential=${credential},SignedHeaders=${signed.join(";")},Signature=${signature}`,
    ),
);
const acsHeaders = fc.array(
  fc.tuple(
    fc.constantFrom(
      "x-acs-action",
      "x-acs-version",
      "x-acs-date",
      "x-acs-signature-nonce",
      "x-acs-security-token",
      "x-acs-content-sha256",
      "origin",
    ),
    fc.oneof(headerText, fc.constantFrom(...ACTIONS), fc.constant(new Date().toISOString())),
  ),
  { maxLength: 5 },
);
const body = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  encodedPairs.map((t) => Buffer.from(t)),
  fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
  fc.json().map((j) => Buffer.from(j)),
  // Large bodies: a log or cache that kept them would show on the heap.
  fc.integer({ min: 100_000, max: 1_100_000 }).map((n) => Buffer.from(`Action=${"A".repeat(n)}`)),
);

export const randomRequest: fc.Arbitrary<Wire> = fc
  .record({
    method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO"),
    target: fc.oneof(
      encodedPairs.map((q) => `/?${q}`),
      fc.constant("/"),
      encodedPairs.map((q) => `/some/path?${q}`),
    ),
    host,
    contentType,
    authorization,
    acsHeaders,
    body,
  })
  .map((r) => ({
    method: r.method,
    target: r.target,
    headers: [
      ...(r.host ? [["host", r.host] as [string, string]] : []),
      ...(r.contentType ? [["content-type", r.contentType] as [string, string]] : []),
      ...(r.authorization ? [["authorization", r.authorization] as [string, string]] : []),
      ...r.acsHeaders,
    ],
    body: r.body,
  }));

export type Mutation =
  | { kind: "drop-header"; index: number }
  | { kind: "edit-header"; index: number; text: string }
  | { kind: "add-param"; pair: [string, string] }
  | { kind: "method"; method: string }
  | { kind: "cut-target"; at: number }
  | { kind: "body"; body: Buffer };

/** A change to a well-signed request. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("drop-header" as const), index: fc.nat() }),
  fc.record({ kind: fc.constant("edit-header" as const), index: fc.nat(), text: headerText }),
  fc.record({ kind: fc.constant("add-param" as const), pair: fc.tuple(name, value) }),
  fc.record({
    kind: fc.constant("method" as const),
    method: fc.constantFrom("GET", "POST", "PUT"),
  }),
  fc.record({ kind: fc.constant("cut-target" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("body" as const), body }),
);

export function mutate(w: Wire, m: Mutation): Wire {
  const headers = [...w.headers];
  switch (m.kind) {
    case "drop-header":
      headers.splice(m.index % Math.max(headers.length, 1), 1);
      return { ...w, headers };
    case "edit-header": {
      const i = m.index % Math.max(headers.length, 1);
      if (headers[i]) headers[i] = [headers[i][0], m.text];
      return { ...w, headers };
    }
    case "add-param": {
      const sep = w.target.includes("?") ? "&" : "?";
      const [k, v] = m.pair;
      return { ...w, target: `${w.target}${sep}${encodeURIComponent(k)}=${encodeURIComponent(v)}` };
    }
    case "method":
      return { ...w, method: m.method };
    case "cut-target":
      return { ...w, target: w.target.slice(0, Math.max(1, m.at % (w.target.length + 1))) };
    case "body":
      return { ...w, body: m.body };
  }
}
/** Parameters of the kinds an action takes, mostly known IDs, usually with the region. */
const params = fc
  .tuple(
    fc.boolean(),
    fc.dictionary(
      fc.constantFrom(...NAMES.slice(10)),
      fc.oneof({ arbitrary: fc.constantFrom(...KNOWN_VALUES), weight: 4 }, value),
      { maxKeys: 6 },
    ),
  )
  .map(([regional, p]) => (regional ? { RegionId: ids.region, ...p } : p));
/** What to sign (either signature, an action and its parameters), and the changes to make then. */
export const mutatedRequest = fc.record({
  acs3: fc.boolean(),
  action: fc.constantFrom(...ACTIONS),
  params,
  mutations: fc.array(mutation, { maxLength: 3 }),
});

const CONTROL_PATHS = ["state", "reset", "faults", "faults/fault-1", "requests", "config", "nope"];
/** A control API call, mostly from a loopback Host (`LOOPBACK`, as above). */
export const controlRequest = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
  path: fc.constantFrom(...CONTROL_PATHS),
  query: fc.option(encodedPairs, { nil: undefined }),
  contentType,
  host: fc.constantFrom("LOOPBACK", "LOOPBACK", "localhost:1", "evil.example"),
  body: fc.oneof(
    fc.json().map((j) => Buffer.from(j)),
    fc
      .object({ maxDepth: 2 })
      .map((o) => Buffer.from(JSON.stringify({ action: "DescribeInstances", ...o }))),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.alloc(0)),
  ),
});
