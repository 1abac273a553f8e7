/**
 * How the line index lays out a row, shared by the index (line-index.ts) and the
 * search worker that reads its pages on another thread: rows sit in pages of
 * 2^PAGE_BITS, and each row's start offset and flags are packed in one float64 as
 * start * FLAG_SPACE + flags (exact up to 2^48 bytes).
 */

export const F_KIND = 0b00011; // the row's kind: KIND_CODE in line-index.ts
export const F_CONT = 0b00100; // continues the previous row of its stream
export const F_OPEN = 0b01000; // no line ending yet, may still grow
export const F_TERM = 0b10000; // ended by "\n" (which len includes)
export const FLAG_SPACE = 32;

export const PAGE_BITS = 16;
export const PAGE_ROWS = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE_ROWS - 1;
