/**
 * The common shape of a numeric row read straight from its bytes: `name=number` pairs
 * separated by spaces or tabs (`i=1 v=-2.5`), every byte printable ASCII. Reading these
 * without decoding the row to a string, running plainText and the pair pattern is what
 * lets a plot read millions of rows in a second.
 *
 * Only rows whose result is certain to equal the text path's (extract.ts) are read
 * here; anything else — units, exponents, `:` pairs, spaces around `=`, long numbers,
 * JSON, columns, escapes, other bytes — is declined (-1) and read as text. For a row of
 * this shape, extractPairs finds exactly these pairs: each name starts after a
 * separator, each number ends at a separator or the end (a boundary, with no unit),
 * and has at most 15 digits, so it is finite and parsed exactly (see parseDecimal).
 */

/** Pairs one row gives at most (MAX_ROW_FIELDS in extract.ts). */
const MAX_PAIRS = 64;
/** Longest name read here (MAX_NAME_CHARS in extract.ts). */
const MAX_NAME = 64;
/** Digits of a number at most: below 2^53, so the digits make an exact integer. */
const MAX_DIGITS = 15;
const POW10 = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/** Names seen at each place of the row before, so a name is made into a string once, not once a row. */
export class PairNames {
  private readonly bytes: Uint8Array[] = [];
  private readonly names: string[] = [];

  name(k: number, buf: Uint8Array, a: number, b: number): string {
    const prev = this.bytes[k];
    if (prev && prev.length === b - a) {
      let same = true;
      for (let i = 0; i < prev.length; i++) {
        if (prev[i] !== buf[a + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.names[k];
    }
    const copy = buf.slice(a, b);
    const s = String.fromCharCode(...copy);
    this.bytes[k] = copy;
    this.names[k] = s;
    return s;
  }
}

/**
 * Reads bytes [a, b) as `name=number` pairs into names/values; returns how many, or
 * -1 when the row is not of that shape (then nothing in names/values is meaningful).
 */
export function bytePairs(buf: Uint8Array, a: number, b: number, cache: PairNames, names: string[], values: Float64Array): number {
  let n = 0;
  let i = a;
  for (;;) {
    while (i < b && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i >= b) return n > 0 ? n : -1;
    if (n === MAX_PAIRS) return -1;
    const nameAt = i;
    if (!isNameStart(buf[i])) return -1;
    i++;
    while (i < b && isNameChar(buf[i])) i++;
    if (i >= b || buf[i] !== 61 || i - nameAt > MAX_NAME) return -1;
    const nameEnd = i;
    i++;
    let neg = false;
    if (i < b && (buf[i] === 45 || buf[i] === 43)) {
      neg = buf[i] === 45;
      i++;
    }
    let m = 0;
    let digits = 0;
    while (i < b && buf[i] >= 48 && buf[i] <= 57) {
      m = m * 10 + (buf[i] - 48);
      digits++;
      i++;
    }
    if (digits === 0) return -1;
    let frac = 0;
    if (i < b && buf[i] === 46) {
      i++;
      while (i < b && buf[i] >= 48 && buf[i] <= 57) {
        m = m * 10 + (buf[i] - 48);
        frac++;
        i++;
      }
      if (frac === 0) return -1;
    }
    if (digits + frac > MAX_DIGITS) return -1;
    if (i < b && buf[i] !== 32 && buf[i] !== 9) return -1;
    names[n] = cache.name(n, buf, nameAt, nameEnd);
    values[n] = parseDecimal(m, frac, neg);
    n++;
  }
}

/**
 * The value of digits m with `frac` of them after the point. m and 10^frac are exact
 * doubles, and one IEEE division rounds their exact quotient correctly: the same
 * double as Number() of the text, which also rounds correctly.
 */
function parseDecimal(m: number, frac: number, neg: boolean): number {
  const v = frac === 0 ? m : m / POW10[frac];
  return neg ? -v : v;
}
