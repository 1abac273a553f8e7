/**
 * One append-only byte stream of a transcript (what the script printed, its stderr,
 * what the person sent). Each append is written straight to the file: once a chunk
 * has been received, a crash of the process cannot lose it.
 */
import fs from 'node:fs';

export class StreamFile {
  private fd: number | null;
  private _length: number;

  constructor(readonly path: string, readOnly = false) {
    if (readOnly) {
      this.fd = fs.existsSync(path) ? fs.openSync(path, 'r') : null;
      this._length = this.fd === null ? 0 : fs.fstatSync(this.fd).size;
    } else {
      this.fd = fs.openSync(path, 'a+');
      this._length = fs.fstatSync(this.fd).size;
    }
  }

  get length(): number {
    return this._length;
  }

  append(bytes: Uint8Array): void {
    if (this.fd === null) throw new Error(`transcript file ${this.path} is closed`);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
    this._length += bytes.length;
  }

  /** Reads bytes [start, start + len). */
  read(start: number, len: number): Buffer {
    const buf = Buffer.allocUnsafe(len);
    if (this.fd === null || len === 0) return buf.subarray(0, 0);
    let got = 0;
    while (got < len) {
      const n = fs.readSync(this.fd, buf, got, len - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return got === len ? buf : buf.subarray(0, got);
  }

  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}
