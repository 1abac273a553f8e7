/**
 * The points of one series, in typed arrays (16 bytes a point): the row each came
 * from, its time, its value. Beside them, the smallest and largest value of every
 * block of 64 points, kept as points arrive, so the extremes of any run of points cost
 * about run/64 steps: decimating ten million points for a plot 1,000 pixels wide reads
 * a few hundred thousand numbers, not ten million.
 */
export const BLOCK_BITS = 6;
export const BLOCK = 1 << BLOCK_BITS;
const FIRST_CAPACITY = 256;

/** Times are milliseconds after the session started, in 32 bits: 49 days; later rows keep that time. */
export const MAX_TIME = 0xffff_ffff;

export class SeriesPoints {
  n = 0;
  rows = new Uint32Array(FIRST_CAPACITY);
  times = new Uint32Array(FIRST_CAPACITY);
  values = new Float64Array(FIRST_CAPACITY);
  blockMin = new Float64Array(FIRST_CAPACITY >> BLOCK_BITS);
  blockMax = new Float64Array(FIRST_CAPACITY >> BLOCK_BITS);
  /** The point holding each block's smallest and largest value (the first, on ties). */
  blockArgMin = new Uint32Array(FIRST_CAPACITY >> BLOCK_BITS);
  blockArgMax = new Uint32Array(FIRST_CAPACITY >> BLOCK_BITS);

  push(row: number, time: number, value: number): void {
    const i = this.n;
    if (i === this.rows.length) this.grow(i * 2);
    this.rows[i] = row;
    this.times[i] = time;
    this.values[i] = value;
    const b = i >>> BLOCK_BITS;
    if ((i & (BLOCK - 1)) === 0) {
      this.blockMin[b] = value;
      this.blockMax[b] = value;
      this.blockArgMin[b] = i;
      this.blockArgMax[b] = i;
    } else {
      if (value < this.blockMin[b]) {
        this.blockMin[b] = value;
        this.blockArgMin[b] = i;
      }
      if (value > this.blockMax[b]) {
        this.blockMax[b] = value;
        this.blockArgMax[b] = i;
      }
    }
    this.n = i + 1;
  }

  private grow(capacity: number): void {
    const copy = <T extends Uint32Array | Float64Array>(a: T, make: (n: number) => T, n: number): T => {
      const next = make(n);
      next.set(a);
      return next;
    };
    const blocks = capacity >> BLOCK_BITS;
    this.rows = copy(this.rows, (n) => new Uint32Array(n), capacity);
    this.times = copy(this.times, (n) => new Uint32Array(n), capacity);
    this.values = copy(this.values, (n) => new Float64Array(n), capacity);
    this.blockMin = copy(this.blockMin, (n) => new Float64Array(n), blocks);
    this.blockMax = copy(this.blockMax, (n) => new Float64Array(n), blocks);
    this.blockArgMin = copy(this.blockArgMin, (n) => new Uint32Array(n), blocks);
    this.blockArgMax = copy(this.blockArgMax, (n) => new Uint32Array(n), blocks);
  }

  /** The points holding the smallest and the largest value among points [a, b) (a < b); the first of equals. */
  extremes(a: number, b: number): [number, number] {
    const v = this.values;
    let lo = a;
    let hi = a;
    let vlo = v[a];
    let vhi = v[a];
    const firstBlock = (a + BLOCK - 1) >>> BLOCK_BITS;
    const endBlock = b >>> BLOCK_BITS;
    // Points before the first whole block (or all of them when no block is whole).
    const headEnd = firstBlock >= endBlock ? b : firstBlock << BLOCK_BITS;
    for (let i = a + 1; i < headEnd; i++) {
      const x = v[i];
      if (x < vlo) {
        vlo = x;
        lo = i;
      }
      if (x > vhi) {
        vhi = x;
        hi = i;
      }
    }
    if (headEnd === b) return [lo, hi];
    const bmin = this.blockMin;
    const bmax = this.blockMax;
    for (let k = firstBlock; k < endBlock; k++) {
      if (bmin[k] < vlo) {
        vlo = bmin[k];
        lo = this.blockArgMin[k];
      }
      if (bmax[k] > vhi) {
        vhi = bmax[k];
        hi = this.blockArgMax[k];
      }
    }
    for (let i = endBlock << BLOCK_BITS; i < b; i++) {
      const x = v[i];
      if (x < vlo) {
        vlo = x;
        lo = i;
      }
      if (x > vhi) {
        vhi = x;
        hi = i;
      }
    }
    return [lo, hi];
  }

  byteSize(): number {
    return this.rows.byteLength + this.times.byteLength + this.values.byteLength
      + this.blockMin.byteLength * 2 + this.blockArgMin.byteLength * 2;
  }
}
