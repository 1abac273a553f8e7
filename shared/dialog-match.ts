/**
 * Matching output lines against a dialog's expected lines, and proposing masks for the
 * parts of a line that change from run to run (times, pids, addresses, long numbers).
 */
import type { ExpectLine, MaskName } from './dialog.ts';

/** What each mask stands for. */
export const MASK_PATTERNS: Record<MaskName, string> = {
  // An ISO date with an optional time, or a clock time (12:03, 12:03:04.567).
  time: String.raw`(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?|\d{1,2}:\d{2})`,
  pid: String.raw`\d+`,
  // IPv4 or IPv6 (bracketed or bare, two colons at least), optionally with a port; or a 0x… address.
  addr: String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\[[0-9A-Fa-f:.]+\](?::\d+)?|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}|0x[0-9A-Fa-f]+)`,
  num: String.raw`[-+]?\d+(?:\.\d+)?`,
  hex: String.raw`[0-9A-Fa-f]+`,
  '*': '.*?',
};

const cache = new Map<string, RegExp>();
const CACHE_MAX = 512;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The regular expression a mask text stands for (whole line). */
export function maskRegex(mask: string): RegExp {
  let re = cache.get(mask);
  if (re) return re;
  let src = '';
  let last = 0;
  for (const m of mask.matchAll(/\{\{|\}\}|\{([^{}]*)\}/g)) {
    src += escapeRe(mask.slice(last, m.index));
    if (m[0] === '{{') src += '\\{';
    else if (m[0] === '}}') src += '\\}';
    else src += MASK_PATTERNS[m[1] as MaskName] ?? escapeRe(m[0]);
    last = m.index + m[0].length;
  }
  src += escapeRe(mask.slice(last));
  re = new RegExp(`^(?:${src})$`, 'su');
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(mask, re);
  return re;
}

export function lineRegex(l: ExpectLine): RegExp | null {
  if (typeof l === 'string') return null;
  if ('regex' in l) return new RegExp(`^(?:${l.regex})$`, 'su');
  return maskRegex(l.mask);
}

/** Whether `text` (one line, without its ending) is what `l` expects. */
export function matchLine(l: ExpectLine, text: string): boolean {
  if (typeof l === 'string') return l === text;
  return lineRegex(l)!.test(text);
}

/** Whether `text` could still become a line `l` expects as more of it arrives (a prompt being written). */
export function couldMatchPrefix(l: ExpectLine, text: string): boolean {
  if (typeof l === 'string') return l.startsWith(text);
  // A pattern cannot be tested on a prefix cheaply: any unfinished line may still match.
  return true;
}

export interface MaskHints {
  /** The program's pid, masked wherever it appears as a whole number. */
  pid?: number;
}

interface Span {
  from: number;
  to: number;
  mask: MaskName;
}

/** Volatile parts, most specific first; a later kind never overlaps an earlier one. */
const PROPOSERS: { mask: MaskName; re: RegExp; keep?: (m: RegExpExecArray) => boolean }[] = [
  { mask: 'time', re: /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)/g },
  { mask: 'time', re: /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?!\d)/g },
  { mask: 'addr', re: /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g },
  { mask: 'addr', re: /\[[0-9A-Fa-f:.]+\](?::\d+)?/g },
  { mask: 'addr', re: /\b0x[0-9A-Fa-f]{4,}\b/g },
  // "pid 1234", "pid=1234", "PID: 1234", "[1234]" after a program name is too loose to guess.
  { mask: 'pid', re: /(?<=\bpid\b[\s:=#]*)\d+\b/gi },
  { mask: 'hex', re: /\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b/g },
  { mask: 'num', re: /(?<![\d.])\d{5,}(?:\.\d+)?(?![\d.]|\.\d)/g },
  // A fraction with many digits (a measured duration: "took 0.0123 s").
  { mask: 'num', re: /(?<![\d.])\d+\.\d{3,}(?![\d.])/g },
];

/** Spans of `text` that look volatile, left to right. */
export function volatileSpans(text: string, hints: MaskHints = {}): Span[] {
  const spans: Span[] = [];
  const free = (from: number, to: number) => spans.every((s) => to <= s.from || from >= s.to);
  const add = (mask: MaskName, re: RegExp) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      if (free(m.index, m.index + m[0].length)) spans.push({ from: m.index, to: m.index + m[0].length, mask });
    }
  };
  for (const p of PROPOSERS.slice(0, 5)) add(p.mask, p.re);
  if (hints.pid && hints.pid > 0) add('pid', new RegExp(`(?<!\\d)${hints.pid}(?!\\d)`, 'g'));
  for (const p of PROPOSERS.slice(5)) add(p.mask, p.re);
  return spans.sort((a, b) => a.from - b.from);
}

function escapeMaskText(s: string): string {
  return s.replace(/\{/g, '{{').replace(/\}/g, '}}');
}

/** The line as a dialog expects it: exact, or with masks over its volatile parts. */
export function proposeLine(text: string, hints: MaskHints = {}): ExpectLine {
  const spans = volatileSpans(text, hints);
  if (!spans.length) return text;
  let mask = '';
  let at = 0;
  for (const s of spans) {
    mask += escapeMaskText(text.slice(at, s.from)) + `{${s.mask}}`;
    at = s.to;
  }
  mask += escapeMaskText(text.slice(at));
  // Never propose what would not match the line it came from.
  return maskRegex(mask).test(text) ? { mask } : text;
}

/** A line turned into a mask by a person: the proposal, or `{*}`-free exact text as a mask. */
export function toPattern(text: string, hints: MaskHints = {}): ExpectLine {
  const p = proposeLine(text, hints);
  return typeof p === 'string' ? { mask: escapeMaskText(text) } : p;
}

/** For --update: keep the old expectation where it still matches the new line, else propose from it. */
export function updateLine(old: ExpectLine | undefined, text: string, hints: MaskHints = {}): ExpectLine {
  if (old !== undefined && typeof old !== 'string' && matchLine(old, text)) return old;
  if (old !== undefined && typeof old === 'string') return text;
  return proposeLine(text, hints);
}
