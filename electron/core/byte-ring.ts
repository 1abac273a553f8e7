/**
 * The most recent bytes of a stream, up to a fixed size: recent rows are served from
 * here without touching the disk, and while the disk refuses writes it is all that
 * is kept. Storage grows with use, so a quiet stream costs almost nothing.
 */
export class ByteRing {
  private buf = Buffer.alloc(0);
  /** Write position in buf. */
  private head = 0;
  private _size = 0;

  constructor(readonly capacity: number) {}

  /** Bytes held: the last `size` bytes of the stream. */
  get size(): number {
    return this._size;
  }

  push(bytes: Uint8Array): void {
    const cap = this.capacity;
    if (cap === 0) return;
    if (bytes.length >= cap) {
      this.ensure(cap);
      this.buf.set(bytes.subarray(bytes.length - cap), 0);
      this.head = 0;
      this._size = cap;
      return;
    }
    this.ensure(Math.min(cap, this._size + bytes.length));
    const len = this.buf.length;
    const first = Math.min(bytes.length, len - this.head);
    this.buf.set(bytes.subarray(0, first), this.head);
    if (first < bytes.length) this.buf.set(bytes.subarray(first), 0);
    this.head = (this.head + bytes.length) % len;
    this._size = Math.min(len, this._size + bytes.length);
  }

  /** Grows storage to hold `want` bytes, keeping what is held in order. */
  private ensure(want: number): void {
    if (this.buf.length >= want) return;
    const next = Buffer.alloc(Math.min(this.capacity, Math.max(want, this.buf.length * 2, 4096)));
    const held = this.copyOut(this._size);
    next.set(held, 0);
    this.buf = next;
    this.head = held.length % next.length;
  }

  /** The last n held bytes, oldest first. */
  private copyOut(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    const len = this.buf.length;
    if (n === 0 || len === 0) return out.subarray(0, 0);
    const start = (this.head - n + len) % len;
    const first = Math.min(n, len - start);
    this.buf.copy(out, 0, start, start + first);
    if (first < n) this.buf.copy(out, first, 0, n - first);
    return out;
  }

  /** Bytes [start, start + len) of a stream now `total` bytes long, or null if not all held. */
  read(start: number, len: number, total: number): Buffer | null {
    const oldest = total - this._size;
    if (start < oldest || start + len > total || len < 0) return null;
    const fromEnd = total - start;
    return this.copyOut(fromEnd).subarray(0, len);
  }

  clear(): void {
    this.buf = Buffer.alloc(0);
    this.head = 0;
    this._size = 0;
  }
}
