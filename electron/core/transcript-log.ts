/**
 * The transcript's event log (log.jsonl): a record per note and state change (one JSON
 * object a line) and, for the bytes of each stream, how many arrived when. With the
 * stream files it reproduces the session exactly, timestamps included. Records are
 * buffered and written at least every 50 ms, and at once for notes and state changes.
 *
 * Chunks are the bulk of a log, so they are compact: chunks of one stream within the same
 * millisecond are one record, written as `o12 65536` (stream letter o/e/s, milliseconds
 * since the previous record, bytes) — about 1–2 bytes per received chunk in a flood. The
 * first record of a log, and one whose time would go backwards, is written in full as
 * JSON (`{"t":…,"c":"out","n":…}`), which readers also accept anywhere.
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
  /** Bytes [from, to) of the sent stream were sent by an auto-response rule, not typed. */
  | { t: number; auto: [number, number] }
  /** Bytes [from, to) of a stream never reached the disk. */
  | { t: number; gap: 'out' | 'err' | 'sent'; from: number; to: number }
  /** Records lost while the log could not be written. */
  | { t: number; lost: number };

const FLUSH_MS = 50;
const FLUSH_BYTES = 64 * 1024;
/** Records held while the disk refuses them; the rest are only counted. */
const MAX_PENDING = 1024 * 1024;
const RETRY_MS = 2_000;

const LETTER = { out: 'o', err: 'e', sent: 's' } as const;
const STREAM_OF: Record<number, 'out' | 'err' | 'sent'> = { 0x6f: 'out', 0x65: 'err', 0x73: 'sent' };

export class TranscriptLog {
  private fd: number | null = null;
  private pending = '';
  /** Time of the last record put in `pending`: compact records count from it. */
  private prevT: number | null = null;
  /** The newest chunk record, still growing while chunks of its stream arrive in the same millisecond. */
  private open: { c: 'out' | 'err' | 'sent'; t: number; n: number } | null = null;
  /** The unwritten end of a record the disk took only part of. */
  private torn: Buffer | null = null;
  private lost = 0;
  private timer: NodeJS.Timeout | null = null;
  private failedAt = 0;

  constructor(readonly path: string, private readonly onFault?: (err: NodeJS.ErrnoException | null) => void) {}

  write(record: LogRecord, urgent = false): void {
    if ('c' in record) {
      const o = this.open;
      if (o && o.c === record.c && o.t === record.t) o.n += record.n;
      else {
        this.closeOpen();
        this.open = { c: record.c, t: record.t, n: record.n };
      }
    } else {
      this.closeOpen();
      this.append(JSON.stringify(record), record.t);
    }
    if (urgent || this.pending.length > FLUSH_BYTES) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  private closeOpen(): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    const dt = this.prevT === null ? -1 : o.t - this.prevT;
    this.append(dt >= 0 && Number.isSafeInteger(dt) ? `${LETTER[o.c]}${dt} ${o.n}` : JSON.stringify({ t: o.t, c: o.c, n: o.n }), o.t);
  }

  /** Queues one record (without its newline); counts it as lost when the queue is full. */
  private append(line: string, t: number): void {
    if (this.pending.length + line.length + 1 + (this.torn?.length ?? 0) > MAX_PENDING) {
      this.lost++;
      return;
    }
    this.pending += line + '\n';
    this.prevT = t;
  }

  flush(force = false): void {
    this.closeOpen();
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
        const t = Date.now();
        this.pending += JSON.stringify({ t, lost: this.lost }) + '\n';
        this.prevT = t;
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
    const state = { prevT: 0 };
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
          const r = parseLine(data, start, nl, state);
          if (r) yield r;
        }
        start = nl + 1;
      }
      if (start < data.length) carry = Buffer.from(data.subarray(start));
    }
    // A last line without its newline was cut short by a crash: its bytes are found by the
    // reader anyway (they are past every logged offset), so the line itself is left out.
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

function parseLine(data: Buffer, start: number, end: number, state: { prevT: number }): LogRecord | null {
  const r = STREAM_OF[data[start]] ? parseCompact(data, start, end, state.prevT) : parseChunkRecord(data, start, end) ?? parseJson(data, start, end);
  if (r) state.prevT = r.t;
  return r;
}

function parseJson(data: Buffer, start: number, end: number): LogRecord | null {
  try {
    const r = JSON.parse(data.toString('utf8', start, end)) as LogRecord;
    if (r && typeof r === 'object' && typeof r.t === 'number') return r;
  } catch {
    // A garbled record (a crash mid-write).
  }
  return null;
}

/** `o12 65536`: stream, milliseconds since the previous record, bytes. */
function parseCompact(data: Buffer, start: number, end: number, prevT: number): LogRecord | null {
  const dt = readInt(data, start + 1, end);
  if (!dt || data[dt[1]] !== 32) return null;
  const n = readInt(data, dt[1] + 1, end);
  if (!n || n[1] !== end) return null;
  return { t: prevT + dt[0], c: STREAM_OF[data[start]], n: n[0] };
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
