/**
 * The transcript's event log (log.jsonl): one JSON record per received or sent chunk
 * (stream, length, time), per note, per state change. With the stream files it
 * reproduces the session exactly, timestamps included. Records are buffered and
 * written at least every 50 ms, and at once for notes and state changes.
 *
 * A write that fails never throws: records wait (bounded) and are written when the
 * disk takes them again; records beyond the bound are counted and the count is
 * written in their place, so a reader knows the log has a hole.
 */
import fs from 'node:fs';

export type LogRecord =
  | { t: number; c: 'out' | 'err' | 'sent'; n: number }
  | { t: number; note: string }
  | { t: number; state: 'eof' | 'closed' | 'eofSent' }
  | { t: number; meta: Record<string, unknown> }
  | { t: number; exit: { code: number | null; signal: string | null } }
  /** Bytes [from, to) of the sent stream were never read by the script. */
  | { t: number; undelivered: [number, number] }
  /** Bytes [from, to) of a stream never reached the disk. */
  | { t: number; gap: 'out' | 'err' | 'sent'; from: number; to: number }
  /** Records lost while the log could not be written. */
  | { t: number; lost: number };

const FLUSH_MS = 50;
const FLUSH_BYTES = 64 * 1024;
/** Records held while the disk refuses them; the rest are only counted. */
const MAX_PENDING = 1024 * 1024;
const RETRY_MS = 2_000;

export class TranscriptLog {
  private fd: number | null = null;
  private pending = '';
  /** The unwritten end of a record the disk took only part of. */
  private torn: Buffer | null = null;
  private lost = 0;
  private timer: NodeJS.Timeout | null = null;
  private failedAt = 0;

  constructor(readonly path: string, private readonly onFault?: (err: NodeJS.ErrnoException | null) => void) {}

  write(record: LogRecord, urgent = false): void {
    const line = JSON.stringify(record) + '\n';
    if (this.pending.length + line.length + (this.torn?.length ?? 0) > MAX_PENDING) this.lost++;
    else this.pending += line;
    if (urgent || this.pending.length > FLUSH_BYTES) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  flush(force = false): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.pending && !this.lost && !this.torn) return;
    if (this.failedAt && !force && Date.now() - this.failedAt < RETRY_MS) return this.retryLater();
    try {
      if (this.fd === null) {
        this.fd = fs.openSync(this.path, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
        fs.fchmodSync(this.fd, 0o600);
      }
      if (this.lost) {
        this.pending += JSON.stringify({ t: Date.now(), lost: this.lost }) + '\n';
        this.lost = 0;
      }
      const text = Buffer.from(this.pending);
      const bytes = this.torn ? Buffer.concat([this.torn, text]) : text;
      this.pending = '';
      this.torn = null;
      let off = 0;
      try {
        while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
      } finally {
        // What did not reach the file follows it later, so a record cut short is completed in place.
        if (off < bytes.length) this.torn = Buffer.from(bytes.subarray(off));
      }
      if (this.failedAt) {
        this.failedAt = 0;
        this.onFault?.(null);
      }
    } catch (err) {
      if (this.fd !== null) {
        try {
          fs.closeSync(this.fd);
        } catch {
          // Reopened on the next try.
        }
        this.fd = null;
      }
      if (!this.failedAt) this.onFault?.(err as NodeJS.ErrnoException);
      this.failedAt = Date.now();
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), RETRY_MS);
    this.timer.unref();
  }

  /** Writes what is pending and releases the descriptor; a later record opens the file again. */
  close(): void {
    this.flush(true);
    if (this.timer && !this.failedAt) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Nothing more can be done for this log.
      }
      this.fd = null;
    }
  }
}

const READ_CHUNK = 1 << 20;

/**
 * The records of a log, read a megabyte at a time, so a log of any size can be read
 * (no string longer than the longest record is built). A torn or garbled line (a crash
 * mid-write) is skipped. `progress.bytes` counts what has been read so far.
 */
export function* readLogRecords(path: string, progress: { bytes: number } = { bytes: 0 }): Generator<LogRecord> {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return;
  }
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    let carry: Buffer | null = null;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, READ_CHUNK, progress.bytes);
      if (n === 0) break;
      progress.bytes += n;
      let data = buf.subarray(0, n);
      if (carry) {
        data = Buffer.concat([carry, data]);
        carry = null;
      }
      let start = 0;
      for (;;) {
        const nl = data.indexOf(10, start);
        if (nl === -1) break;
        if (nl > start) {
          const r = parseLine(data, start, nl);
          if (r) yield r;
        }
        start = nl + 1;
      }
      if (start < data.length) carry = Buffer.from(data.subarray(start));
    }
    if (carry) {
      const r = parseLine(carry, 0, carry.length);
      if (r) yield r;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a log record by record, pausing every `yieldEveryMs` so the process stays responsive. */
export async function forEachLogRecord(path: string, onRecord: (r: LogRecord) => void, yieldEveryMs = 20): Promise<void> {
  const progress = { bytes: 0 };
  let sliceStart = Date.now();
  let checkedAt = 0;
  let n = 0;
  for (const r of readLogRecords(path, progress)) {
    onRecord(r);
    // The clock is read every 256 records or every megabyte, whichever comes first.
    if ((++n & 255) === 0 || progress.bytes - checkedAt >= READ_CHUNK) {
      checkedAt = progress.bytes;
      if (Date.now() - sliceStart >= yieldEveryMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
  }
}

// {"t":1700000000000,"c":"out","n":123} — by far the most common record, read without JSON.parse.
const CHUNK_PREFIX = Buffer.from('{"t":');

function parseLine(data: Buffer, start: number, end: number): LogRecord | null {
  const fast = parseChunkRecord(data, start, end);
  if (fast) return fast;
  try {
    const r = JSON.parse(data.toString('utf8', start, end)) as LogRecord;
    if (r && typeof r === 'object' && typeof r.t === 'number') return r;
  } catch {
    // A partial record at the end of a crashed session's log.
  }
  return null;
}

function readInt(data: Buffer, i: number, end: number): [number, number] | null {
  let v = 0;
  const from = i;
  while (i < end && data[i] >= 48 && data[i] <= 57) v = v * 10 + data[i++] - 48;
  return i > from ? [v, i] : null;
}

function parseChunkRecord(data: Buffer, start: number, end: number): LogRecord | null {
  if (end - start < 25 || data.compare(CHUNK_PREFIX, 0, CHUNK_PREFIX.length, start, start + CHUNK_PREFIX.length) !== 0) return null;
  const t = readInt(data, start + 5, end);
  if (!t) return null;
  let i = t[1];
  // ,"c":"out","n":
  if (data[i] !== 44 || data[i + 1] !== 34 || data[i + 2] !== 99 || data[i + 3] !== 34 || data[i + 4] !== 58 || data[i + 5] !== 34) return null;
  i += 6;
  let c: 'out' | 'err' | 'sent';
  if (data.toString('latin1', i, i + 4) === 'out"') c = 'out';
  else if (data.toString('latin1', i, i + 4) === 'err"') c = 'err';
  else if (data.toString('latin1', i, i + 5) === 'sent"') c = 'sent';
  else return null;
  i += c.length + 1;
  if (data.toString('latin1', i, i + 5) !== ',"n":') return null;
  const n = readInt(data, i + 5, end);
  if (!n || n[1] !== end - 1 || data[end - 1] !== 125) return null;
  return { t: t[0], c, n: n[0] };
}

/** Reads a whole (small) log at once; for tests and tools. */
export function readLog(path: string): LogRecord[] {
  return [...readLogRecords(path)];
}
