/**
 * One append-only byte stream of a transcript (what the script printed, its stderr,
 * what the person sent). Each append is written straight to the file, so once a chunk
 * has been received a crash of the process cannot lose it.
 *
 * Faults are part of the design, not exceptions to it:
 * - The file is created on the first append (a session that never uses stderr holds
 *   no descriptor for it), with mode 0600 whatever the umask.
 * - A write that fails (disk full, read-only or vanished folder, no descriptors left)
 *   does not throw: the stream keeps counting offsets, keeps the bytes in its recent
 *   ring, reports the failure once, and retries later. Bytes written after a gap go to
 *   their own offset (positional writes), so every row keeps its place and the gap is a
 *   hole the reader knows about.
 * - A stream that is done (its session closed) holds no descriptor: reads go through a
 *   small shared cache of read-only descriptors.
 */
import fs from 'node:fs';
import { ByteRing } from './byte-ring.ts';
import { readFds } from './fd-cache.ts';

/** Retry a failed transcript at most this often. */
const RETRY_MS = 2_000;

export interface StreamFault {
  /** Offset in the stream where recording stopped. */
  at: number;
  code: string;
  message: string;
}

export interface StreamFileOptions {
  readOnly?: boolean;
  /** Most recent bytes kept in memory (served without a disk read; all that is left while writes fail). */
  ringBytes?: number;
  /** Called when writing fails (once per failure spell) and when it works again. */
  onFault?(fault: StreamFault | null, gap?: [number, number]): void;
}

export class StreamFile {
  private fd: number | null = null;
  private _length = 0;
  /** Bytes [0, diskLength) are on disk, apart from the gaps. */
  private fault: StreamFault | null = null;
  private lastTry = 0;
  private ring: ByteRing | null;
  private readonly ringBytes: number;
  /** Ranges [from, to) that never reached the disk. */
  readonly gaps: [number, number][] = [];
  private readonly readOnly: boolean;
  private readonly onFault?: StreamFileOptions['onFault'];

  constructor(readonly path: string, opts: StreamFileOptions = {}) {
    this.readOnly = opts.readOnly ?? false;
    this.onFault = opts.onFault;
    this.ringBytes = opts.ringBytes ?? 256 * 1024;
    this.ring = null;
    try {
      this._length = fs.statSync(path).size;
    } catch {
      this._length = 0;
    }
  }

  get length(): number {
    return this._length;
  }

  get failing(): StreamFault | null {
    return this.fault;
  }

  append(bytes: Uint8Array): void {
    if (this.readOnly) throw new Error(`transcript file ${this.path} is read-only`);
    const at = this._length;
    this._length += bytes.length;
    this.ring ??= new ByteRing(this.ringBytes);
    this.ring.push(bytes);
    if (!this.fault) this.writeAt(bytes, at);
    else this.retryIfDue();
  }

  /** While writes fail, tries again now and then, writing what the ring still holds. */
  retryIfDue(now = Date.now()): void {
    if (!this.fault || !this.ring || now - this.lastTry < RETRY_MS) return;
    const from = Math.max(this.fault.at, this._length - this.ring.size);
    const bytes = this.ring.read(from, this._length - from, this._length);
    if (bytes) this.writeAt(bytes, from);
    else this.lastTry = now;
  }

  private writeAt(bytes: Uint8Array, at: number): void {
    let off = 0;
    try {
      if (this.fd === null) {
        this.fd = fs.openSync(this.path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
        // The mode given to open is narrowed by the umask only; make it exact.
        fs.fchmodSync(this.fd, 0o600);
      }
      while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off, at + off);
      if (this.fault) this.recovered(at);
    } catch (err) {
      this.failed(err as NodeJS.ErrnoException, at + off);
    }
  }

  private failed(err: NodeJS.ErrnoException, at: number): void {
    this.lastTry = Date.now();
    if (this.fault) return;
    this.fault = { at, code: err.code ?? 'EIO', message: err.message };
    // A descriptor that failed once may be on a vanished or read-only file system: reopen on retry.
    this.closeFd();
    this.onFault?.(this.fault);
  }

  private recovered(resumedAt: number): void {
    const gap: [number, number] = [this.fault!.at, resumedAt];
    if (gap[1] > gap[0]) this.gaps.push(gap);
    this.fault = null;
    this.onFault?.(null, gap);
  }

  /** True when some of [start, end) never reached the disk. */
  missing(start: number, end: number): boolean {
    if (this.fault && end > this.fault.at) return true;
    for (const [a, b] of this.gaps) if (start < b && end > a) return true;
    return false;
  }

  /** True when bytes [start, start + len) are held in memory. */
  inMemory(start: number, len: number): boolean {
    return !!this.ring && start >= this._length - this.ring.size && start + len <= this._length;
  }

  /**
   * Reads bytes [start, start + len): from memory when recent, else from disk, into
   * `scratch` when given and large enough (a reader of many spans then allocates
   * nothing; the bytes are valid until it reads again).
   */
  read(start: number, len: number, scratch?: Buffer): Buffer {
    len = Math.max(0, Math.min(len, this._length - start));
    if (len === 0) return Buffer.alloc(0);
    const recent = this.ring?.read(start, len, this._length);
    if (recent) return recent;
    const buf = scratch && scratch.length >= len ? scratch.subarray(0, len) : Buffer.allocUnsafe(len);
    const got = this.fd !== null ? readOrNothing(this.fd, buf, start) : readFds.withFd(this.path, (fd) => readInto(fd, buf, start));
    return got === len ? buf : buf.subarray(0, got);
  }

  /** The stream will not grow again: release its descriptor and memory (reads reopen on demand). */
  finish(): void {
    // Retry once more so a transcript that can be completed is.
    this.retryIfDue(Infinity);
    this.closeFd();
    // Kept only while it holds bytes the disk does not have.
    if (!this.fault && this.gaps.length === 0) this.ring = null;
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // Closing can report a deferred write error; the fault is already known or will be on retry.
    }
    this.fd = null;
  }

  close(): void {
    this.finish();
    readFds.forget(this.path);
  }
}

/** A read that fails (an I/O error on a failing disk) gives what it got: the rows show as short, the process goes on. */
function readOrNothing(fd: number, buf: Buffer, start: number): number {
  try {
    return readInto(fd, buf, start);
  } catch {
    return 0;
  }
}

function readInto(fd: number, buf: Buffer, start: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = fs.readSync(fd, buf, got, buf.length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
