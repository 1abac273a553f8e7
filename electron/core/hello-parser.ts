/**
 * Reads the optional session hello at the very start of a connection and, for framed
 * clients, the frames after it (shared/hello.ts, docs/protocol.md). Anything that
 * does not begin with the exact magic is handed on untouched as plain bytes.
 */
import { FRAME, FRAME_HEADER_BYTES, FRAME_MAX_PAYLOAD, HELLO_MAGIC, HELLO_MAX_BYTES, HELLO_VERSION, type Hello } from '../../shared/hello.ts';
import type { ExitStatus } from '../../shared/types.ts';

const MAGIC = Buffer.from(HELLO_MAGIC, 'latin1');

export interface IntakeSink {
  plain(bytes: Buffer): void;
  stdout(bytes: Buffer): void;
  stderr(bytes: Buffer): void;
  hello(hello: Hello): void;
  exit(status: ExitStatus): void;
  /** The program's terminal started or stopped echoing what is typed. */
  echo(on: boolean): void;
  /** The peer broke the protocol; the message says how. */
  problem(message: string): void;
}

type Mode = 'sniff' | 'plain' | 'framed';

export class Intake {
  private mode: Mode = 'sniff';
  private held: Buffer = Buffer.alloc(0);

  constructor(private readonly sink: IntakeSink) {}

  get framed(): boolean {
    return this.mode === 'framed';
  }

  push(chunk: Buffer): void {
    if (this.mode === 'plain') return this.sink.plain(chunk);
    if (this.mode === 'framed') return this.frames(chunk);
    this.held = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    const n = Math.min(this.held.length, MAGIC.length);
    if (this.held.compare(MAGIC, 0, n, 0, n) !== 0) return this.toPlain();
    if (this.held.length < MAGIC.length) return;
    const nl = this.held.indexOf(10, MAGIC.length);
    if (nl === -1) {
      if (this.held.length > HELLO_MAX_BYTES) {
        this.sink.problem('the session hello is too long; showing the connection as plain text');
        this.toPlain();
      }
      return;
    }
    const line = this.held.toString('utf8', MAGIC.length, nl);
    const rest = this.held.subarray(nl + 1);
    this.held = Buffer.alloc(0);
    const m = /^(\d+) (.*)$/s.exec(line);
    let hello: Hello | null = null;
    if (m && Number(m[1]) === HELLO_VERSION) {
      try {
        const parsed: unknown = JSON.parse(m[2]);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) hello = parsed as Hello;
      } catch {
        hello = null;
      }
    }
    if (!hello) {
      this.sink.problem(m ? `unsupported or malformed session hello (version ${m[1]}); treating what follows as plain text` : 'malformed session hello; treating what follows as plain text');
      this.mode = 'plain';
    } else {
      this.sink.hello(sanitizeHello(hello));
      this.mode = hello.framed ? 'framed' : 'plain';
    }
    if (rest.length) this.push(rest);
  }

  private toPlain(): void {
    this.mode = 'plain';
    const held = this.held;
    this.held = Buffer.alloc(0);
    if (held.length) this.sink.plain(held);
  }

  private frames(chunk: Buffer): void {
    let buf = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    let pos = 0;
    while (buf.length - pos >= FRAME_HEADER_BYTES) {
      const type = buf[pos];
      const len = buf.readUInt32BE(pos + 1);
      if (len > FRAME_MAX_PAYLOAD || (type !== FRAME.stdout && type !== FRAME.stderr && type !== FRAME.exit && type !== FRAME.echo)) {
        this.sink.problem(`bad frame (type ${type}, length ${len}); showing the rest of the connection as plain text`);
        this.mode = 'plain';
        this.held = Buffer.alloc(0);
        this.sink.plain(buf.subarray(pos));
        return;
      }
      if (buf.length - pos - FRAME_HEADER_BYTES < len) break;
      const payload = buf.subarray(pos + FRAME_HEADER_BYTES, pos + FRAME_HEADER_BYTES + len);
      pos += FRAME_HEADER_BYTES + len;
      if (type === FRAME.stdout) this.sink.stdout(payload);
      else if (type === FRAME.stderr) this.sink.stderr(payload);
      else if (type === FRAME.echo) {
        const on = parseEcho(payload);
        if (on !== null) this.sink.echo(on);
      } else this.sink.exit(parseExit(payload));
    }
    buf = buf.subarray(pos);
    // Copy a small remainder so the big chunk it came from can be freed.
    this.held = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
  }
}

function sanitizeHello(h: Hello): Hello {
  const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : undefined);
  return {
    name: str(h.name, 200),
    command: str(h.command, 2000),
    pid: typeof h.pid === 'number' && Number.isInteger(h.pid) && h.pid > 0 ? h.pid : undefined,
    framed: h.framed === true,
    encoding: str(h.encoding, 40),
    pty: h.pty === true,
    cwd: str(h.cwd, 4096),
  };
}

function parseEcho(payload: Buffer): boolean | null {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { echo?: unknown };
    return typeof v.echo === 'boolean' ? v.echo : null;
  } catch {
    return null;
  }
}

function parseExit(payload: Buffer): ExitStatus {
  try {
    const v = JSON.parse(payload.toString('utf8')) as Partial<ExitStatus>;
    return {
      code: typeof v.code === 'number' ? v.code : null,
      signal: typeof v.signal === 'string' ? v.signal : null,
    };
  } catch {
    return { code: null, signal: null };
  }
}
