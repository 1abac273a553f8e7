/**
 * The most recent bytes of a stream, up to a fixed size: recent rows are served from
 * here without touching the disk, and while the disk refuses writes it is all that
 * is kept. It holds the received chunks themselves (each read from a socket is its own
 * buffer), so keeping them costs no copy on the ingest path; only a read that spans
 * chunks joins them.
 */
export class ByteRing {
  private chunks: Uint8Array[] = [];
  /** Index of the oldest chunk still held (chunks before it are dropped lazily). */
  private first = 0;
  private _size = 0;

  constructor(readonly capacity: number) {}

  /** Bytes held: the last `size` bytes of the stream (the oldest chunk may be held only in part). */
  get size(): number {
    return Math.min(this._size, this.capacity);
  }

  push(bytes: Uint8Array): void {
    if (this.capacity === 0 || bytes.length === 0) return;
    this.chunks.push(bytes);
    this._size += bytes.length;
    // Drop whole chunks that are no longer needed to hold `capacity` bytes.
    while (this._size - this.chunks[this.first].length >= this.capacity) {
      this._size -= this.chunks[this.first].length;
      this.first++;
    }
    if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }

  /** Bytes [start, start + len) of a stream now `total` bytes long, or null if not all held. */
  read(start: number, len: number, total: number): Buffer | null {
    if (len < 0 || start < total - this.size || start + len > total) return null;
    const out = Buffer.allocUnsafe(len);
    // Walk back from the newest chunk to the one holding `start`.
    let end = total;
    let k = this.chunks.length - 1;
    while (k >= this.first && end - this.chunks[k].length > start) {
      end -= this.chunks[k].length;
      k--;
    }
    let pos = start - (end - this.chunks[k].length);
    let written = 0;
    for (; written < len && k < this.chunks.length; k++, pos = 0) {
      const c = this.chunks[k];
      const n = Math.min(c.length - pos, len - written);
      out.set(c.subarray(pos, pos + n), written);
      written += n;
    }
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.first = 0;
    this._size = 0;
  }
}
