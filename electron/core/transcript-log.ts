/**
 * The transcript's event log (log.jsonl): one JSON record per received or sent chunk
 * (stream, length, time), per note, per state change. With the stream files it
 * reproduces the session exactly, timestamps included. Records are buffered and
 * written at least every 50 ms, and at once for notes and state changes.
 */
import fs from 'node:fs';

export type LogRecord =
  | { t: number; c: 'out' | 'err' | 'sent'; n: number }
  | { t: number; note: string }
  | { t: number; state: 'eof' | 'closed' | 'eofSent' }
  | { t: number; meta: Record<string, unknown> }
  | { t: number; exit: { code: number | null; signal: string | null } };

const FLUSH_MS = 50;

export class TranscriptLog {
  private fd: number | null;
  private pending = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'a');
  }

  write(record: LogRecord, urgent = false): void {
    if (this.fd === null) return;
    this.pending += JSON.stringify(record) + '\n';
    if (urgent || this.pending.length > 64 * 1024) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.fd === null || !this.pending) return;
    fs.writeSync(this.fd, this.pending);
    this.pending = '';
  }

  close(): void {
    this.flush();
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** Reads a log back; a torn last line (crash mid-write) is ignored. */
export function readLog(path: string): LogRecord[] {
  if (!fs.existsSync(path)) return [];
  const out: LogRecord[] = [];
  for (const line of fs.readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as LogRecord);
    } catch {
      // A partial record at the end of a crashed session's log.
    }
  }
  return out;
}
