import type { RowBytesPart, RowBytesResult } from '../../../shared/view-tools.ts';
import type { RowKind } from '../../../shared/types.ts';

/** A run of bytes one after another in one stream (rows that follow each other), or a note. */
export interface HexBlock {
  kind: RowKind;
  firstRow: number;
  lastRow: number;
  /** Offset of the first byte in its stream. */
  offset: number;
  bytes: Uint8Array;
  note?: string;
  lost?: boolean;
}

/** Decodes base64 without Node (the page has atob). */
export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Groups the rows of a `session:bytes` reply into blocks; only rows in `keep` (all when absent). */
export function hexBlocks(res: RowBytesResult, keep?: ReadonlySet<number>, into: HexBlock[] = []): HexBlock[] {
  const data = fromBase64(res.data);
  let at = 0;
  for (const p of res.parts) {
    const bytes = data.subarray(at, at + p.length);
    at += p.length;
    if (keep && !keep.has(p.row)) continue;
    addPart(into, p, bytes);
  }
  return into;
}

function addPart(blocks: HexBlock[], p: RowBytesPart, bytes: Uint8Array): void {
  const last = blocks.at(-1);
  if (last && !last.note && !last.lost && !p.note && !p.lost && p.kind !== 'note' && last.kind === p.kind && last.offset + last.bytes.length === p.offset && last.lastRow < p.row) {
    const joined = new Uint8Array(last.bytes.length + bytes.length);
    joined.set(last.bytes);
    joined.set(bytes, last.bytes.length);
    last.bytes = joined;
    last.lastRow = p.row;
    return;
  }
  blocks.push({ kind: p.kind, firstRow: p.row, lastRow: p.row, offset: p.offset, bytes: bytes.slice(), note: p.note, lost: p.lost });
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** One line of 16 bytes: offset, hex (in two groups of 8) and ASCII (others as '.'), as `hexdump -C` prints it. */
export function hexLine(offset: number, bytes: Uint8Array): string {
  let hex = '';
  let ascii = '';
  for (let i = 0; i < 16; i++) {
    if (i === 8) hex += ' ';
    if (i < bytes.length) {
      const b = bytes[i];
      hex += `${HEX[b]} `;
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else hex += '   ';
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`;
}

/** The lines of a block, 16 bytes each, offsets counted in its stream. */
export function hexLines(block: HexBlock, maxLines = Infinity): string[] {
  const out: string[] = [];
  for (let i = 0; i < block.bytes.length && out.length < maxLines; i += 16) out.push(hexLine(block.offset + i, block.bytes.subarray(i, i + 16)));
  return out;
}
