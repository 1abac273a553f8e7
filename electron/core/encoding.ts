/**
 * Session encodings. UTF-8 goes through the built-in TextDecoder (native, fast);
 * every other ASCII-compatible encoding through iconv-lite. Lines are split on the
 * byte 0x0A before decoding, which is why only ASCII-compatible encodings are accepted.
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
    return { name: n, decode: (b) => utf8Decoder.decode(b), encode: (t) => Buffer.from(t, 'utf8') };
  }
  return {
    name: n,
    decode: (b) => iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.byteLength), n),
    encode: (t) => iconv.encode(t, n),
  };
}
