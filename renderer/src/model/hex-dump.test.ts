import { describe, expect, it } from 'vitest';
import type { RowBytesResult } from '../../../shared/view-tools.ts';
import { hexBlocks, hexLine, hexLines } from './hex-dump.ts';

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('hex dump', () => {
  it('prints 16 bytes a line with offset, hex and ASCII', () => {
    expect(hexLine(0x10, new Uint8Array([0x41, 0x00, 0x1b, 0x7f, 0x80, 0xff, 0x0a, 0x20, 0x7e])))
      .toBe('00000010  41 00 1b 7f 80 ff 0a 20  7e                       |A...... ~|');
    expect(hexLine(0, new Uint8Array(Array.from({ length: 16 }, (_, i) => 0x30 + i))))
      .toBe('00000000  30 31 32 33 34 35 36 37  38 39 3a 3b 3c 3d 3e 3f  |0123456789:;<=>?|');
  });

  it('joins rows that follow each other in one stream, and keeps notes and other streams apart', () => {
    const res: RowBytesResult = {
      id: 1, from: 0, to: 5, more: false,
      parts: [
        { row: 0, kind: 'note', offset: 0, length: 0, note: 'connected' },
        { row: 1, kind: 'out', offset: 0, length: 3 },
        { row: 2, kind: 'out', offset: 3, length: 2 },
        { row: 3, kind: 'sent', offset: 0, length: 2 },
        { row: 4, kind: 'out', offset: 5, length: 1 },
      ],
      data: b64([0x61, 0x62, 0x0a, 0xff, 0x0a, 0x6f, 0x0a, 0x7a]),
    };
    const blocks = hexBlocks(res);
    expect(blocks.map((b) => [b.kind, b.firstRow, b.lastRow, b.offset, [...b.bytes]])).toEqual([
      ['note', 0, 0, 0, []],
      ['out', 1, 2, 0, [0x61, 0x62, 0x0a, 0xff, 0x0a]],
      ['sent', 3, 3, 0, [0x6f, 0x0a]],
      ['out', 4, 4, 5, [0x7a]],
    ]);
    expect(hexLines(blocks[1])).toEqual(['00000000  61 62 0a ff 0a                                    |ab...|']);
    expect(hexBlocks(res, new Set([2])).map((b) => b.firstRow)).toEqual([2]);
  });
});
