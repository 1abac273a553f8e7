/**
 * Session encodings: one codec per encoding, used alike for display, search and
 * export, so what a search finds is what the window shows. UTF-8 goes through the
 * built-in TextDecoder (native, fast); every other ASCII-compatible encoding through
 * iconv-lite, never through TextDecoder, whose labels mean other things (its "latin1"
 * is windows-1252) and which lacks some (cp437). Lines are split on the byte 0x0A
 * before decoding, which is why only ASCII-compatible encodings are accepted.
 */
import iconv from 'iconv-lite';

const NOT_ASCII_COMPATIBLE = /^(utf-?(16|32)|ucs-?2|utf-?7|cesu|base64|hex|binary$)/i;

export function normalizeEncoding(name: string): string {
  const n = name.trim().toLowerCase();
  if (n === 'utf8' || n === 'utf-8') return 'utf-8';
  if (n === 'latin-1' || n === 'iso-8859-1' || n === 'iso8859-1' || n === 'latin1') return 'latin1';
  if (n === 'cp1252' || n === 'windows1252') return 'windows-1252';
  return n;
}

export function isKnownEncoding(name: string): boolean {
  const n = normalizeEncoding(name);
  if (n === 'utf-8') return true;
  return !NOT_ASCII_COMPATIBLE.test(n) && iconv.encodingExists(n);
}

export interface TextCodec {
  readonly name: string;
  /**
   * A literal search may run on the raw bytes: UTF-8, or one character per byte with
   * every printable ASCII byte itself and no two bytes the same character. Otherwise
   * (multi-byte encodings such as Shift_JIS, whose second bytes can look like ASCII)
   * search decodes each row.
   */
  readonly bytewise: boolean;
  /** Decodes a complete run of bytes; invalid bytes become U+FFFD. */
  decode(bytes: Uint8Array): string;
  encode(text: string): Buffer;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

const codecs = new Map<string, TextCodec>();

/** The codec of an encoding; one shared object per encoding. */
export function codecFor(name: string): TextCodec {
  const n = normalizeEncoding(name);
  let c = codecs.get(n);
  if (!c) {
    c = makeCodec(name, n);
    codecs.set(n, c);
  }
  return c;
}

function makeCodec(name: string, n: string): TextCodec {
  if (!isKnownEncoding(n)) throw new Error(`unknown encoding '${name}' (try utf-8, latin1, windows-1252)`);
  if (n === 'utf-8') {
    return { name: n, bytewise: true, decode: (b) => utf8Decoder.decode(b), encode: (t) => Buffer.from(t, 'utf8') };
  }
  const decode = (b: Uint8Array) => iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.byteLength), n);
  return { name: n, bytewise: isBytewise(decode), decode, encode: (t) => iconv.encode(t, n) };
}

function isBytewise(decode: (b: Uint8Array) => string): boolean {
  const all = decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  if (all.length !== 256) return false;
  const seen = new Set<string>();
  for (let b = 0; b < 256; b++) {
    const c = all[b];
    const ascii = b >= 0x20 && b < 0x7f;
    if (ascii ? c.charCodeAt(0) !== b : c >= ' ' && c < '\x7f') return false;
    // Undefined bytes all decode to U+FFFD; a search for U+FFFD decodes rows (search.ts).
    if (c !== '\ufffd') {
      if (seen.has(c)) return false;
      seen.add(c);
    }
  }
  return true;
}
