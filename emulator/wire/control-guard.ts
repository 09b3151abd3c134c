/**
 * Who may call the control API: this machine's own tools. It replaces the world and reads the
 * request log, so a web page must not drive it: not by a cross-site form or fetch (refused by
 * their Origin, or by a body that is not JSON, which such a request cannot send without the page
 * asking the emulator first), not by DNS rebinding (refused by a Host that is not loopback).
 */
import type { IncomingMessage } from "node:http";

export interface Refusal {
  status: 403 | 415;
  error: string;
}

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A loopback name or address with the emulator's port, as every local client sends it. */
function loopbackHost(host: string, port: number | undefined): boolean {
  const match = /^(.+):(\d+)$/.exec(host.toLowerCase());
  return match !== null && LOOPBACK_NAMES.has(match[1]) && Number(match[2]) === port;
}

/** An http(s) origin on a loopback name, any port: a local test page may use the control API. */
function loopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_NAMES.has(url.hostname)
    );
  } catch {
    return false;
  }
}

const hasBody = (req: IncomingMessage) =>
  Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;

const mediaType = (req: IncomingMessage) =>
  String(req.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();

/** Why the control API refuses this request, or undefined if it may go ahead. */
export function controlRefusal(req: IncomingMessage): Refusal | undefined {
  const host = req.headers.host ?? "";
  if (!loopbackHost(host, req.socket.localPort)) {
    return {
      status: 403,
      error: `the control API answers only loopback names (127.0.0.1, localhost, [::1]) with port ${req.socket.localPort}, not Host ${host || "(none)"}`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !loopbackOrigin(origin)) {
    return {
      status: 403,
      error: `the control API answers no web page: Origin ${origin} is not loopback`,
    };
  }
  if (hasBody(req) && mediaType(req) !== "application/json") {
    return {
      status: 415,
      error: `a control API body must be application/json, not ${mediaType(req) || "untyped"}`,
    };
  }
  return undefined;
}
