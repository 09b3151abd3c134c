/**
 * Requests node:http cannot parse (an unknown method, a head over 16 KB, a broken chunk): answered
 * with a JSON error the client gets to read. node:http's own answer closes the connection while the
 * client may still be sending a body, which resets it, answer and all (Node.js 22 and later).
 */
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** How much of what follows a malformed request is read and thrown away: 256 MiB, 5 s. */
const MAX_DISCARDED_BYTES = 256 << 20;
const DISCARD_MS = 5000;

function statusFor(code: string | undefined): number {
  if (code === "HPE_HEADER_OVERFLOW") return 431;
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return 408;
  return 400;
}

export function answerClientError(error: Error & { code?: string }, socket: Duplex) {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusFor(error.code);
  const body = JSON.stringify({ error: `malformed HTTP request (${error.code ?? error.message})` });
  // The parser is done with this connection; what the client still sends is only drained.
  socket.removeAllListeners("data");
  let discarded = 0;
  socket.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARDED_BYTES) socket.destroy();
  });
  socket.on("error", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), DISCARD_MS).unref();
}
