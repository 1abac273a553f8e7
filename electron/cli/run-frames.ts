/** Encoding of the session hello and frames that `porthole run` sends (shared/hello.ts, docs/protocol.md). */
import { FRAME, FRAME_HEADER_BYTES, FRAME_MAX_PAYLOAD, HELLO_MAGIC, HELLO_MAX_BYTES, HELLO_VERSION, type Hello } from '../../shared/hello.ts';
import type { ExitStatus } from '../../shared/types.ts';

export type FrameType = (typeof FRAME)[keyof typeof FRAME];

export function encodeHello(hello: Hello): Buffer {
  const line = Buffer.from(`${HELLO_MAGIC}${HELLO_VERSION} ${JSON.stringify(hello)}\n`, 'utf8');
  if (line.length > HELLO_MAX_BYTES) {
    // A long command line is only for display: shorten it rather than fail.
    const room = Math.max(0, (hello.command?.length ?? 0) - (line.length - HELLO_MAX_BYTES) - 16);
    return encodeHello({ ...hello, command: `${(hello.command ?? '').slice(0, room)}…` });
  }
  return line;
}

/** One or more frames carrying `payload` (split at FRAME_MAX_PAYLOAD). An empty payload gives one empty frame. */
export function encodeFrames(type: FrameType, payload: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  do {
    const chunk = payload.subarray(at, at + FRAME_MAX_PAYLOAD);
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    header[0] = type;
    header.writeUInt32BE(chunk.length, 1);
    parts.push(header, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    at += chunk.length;
  } while (at < payload.length);
  return Buffer.concat(parts);
}

export function encodeExit(status: ExitStatus): Buffer {
  return encodeFrames(FRAME.exit, Buffer.from(JSON.stringify(status), 'utf8'));
}
