/**
 * The numbers in one row of script output, for the plot. Automatic reading tries, in
 * order: a JSON object (numeric fields, nested paths as `a.b`), `name=value` and
 * `name: value` pairs, then columns separated by tabs, commas, semicolons or spaces
 * (named by a header row just before them when there is one, else col1, col2…). A
 * person may give a pattern with named groups instead. Rows with no numbers give none.
 *
 * Decisions, each tested in extract.test.ts:
 * - NaN and ±Infinity are never plotted: such a value is skipped, so the line joins the
 *   points around it (a plot cannot place them, and a 0 in their stead would lie).
 * - A number runs to a boundary (end, space, `,` `;` `)` `]` `}` `|` quotes); when it
 *   does not (`x=1,234`, `x=1.2.3`, `x=2024-01-05`, `x=12:30`, `x=0xff`) the pair is
 *   skipped rather than read as part of a number: `1,234` after `x=` is not 1234 (it
 *   may be the list 1, 234, or a decimal comma), and not 1 either. In a comma-separated
 *   row, `1,234` is two columns.
 * - A unit right after a number is dropped: `lat=12ms` is 12 in series `lat`.
 */
import { plainText } from '../../../shared/display.ts';
import { bytePairs, PairNames } from './byte-pairs.ts';

export type NumberSink = (name: string, value: number) => void;

/** Longer rows are not read for numbers: this bounds what one row can cost. */
export const MAX_EXTRACT_CHARS = 16 * 1024;
/** Rows a person's pattern is tried on are shorter still: a pattern's cost can grow as a power of the length. */
export const MAX_PATTERN_CHARS = 2048;
/** Numbers taken from one row at most. */
export const MAX_ROW_FIELDS = 64;
const MAX_NAME_CHARS = 64;
const MAX_JSON_DEPTH = 8;
const MAX_JSON_ARRAY = 16;

const NUM_Y = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const UNIT_Y = /[A-Za-z%°µμ]+(?:\/[A-Za-z]+)?/y;
/** A name, an optional closing quote (`"loss": 1`), then `=` or `:`. */
const KV_NAME = /([A-Za-z_][\w.[\]/-]*)["']?[ \t]*[=:][ \t]*/g;
/** A name starts after none of these ("--lr=0.1" names lr). */
const NAME_CHAR = /[\w.]/;
const HEADER_NAME = /^[A-Za-z_][\w .()%#/°µ[\]-]*$/;
const MISSING = /^(?:|[-+]?(?:nan|inf|infinity)|null|none|n\/a|na)$/i;

interface Scanned {
  value: number;
  end: number;
}

/** A number (with an optional unit) starting at `i`, or null. The value may be ±Infinity (1e999). */
export function scanNumber(s: string, i: number): Scanned | null {
  NUM_Y.lastIndex = i;
  const m = NUM_Y.exec(s);
  if (!m) return null;
  let end = i + m[0].length;
  UNIT_Y.lastIndex = end;
  const u = UNIT_Y.exec(s);
  if (u) {
    const unit = u[0];
    // "2e" is a broken exponent, "0xff" hex and "0b101" binary: not a number with a unit.
    if (unit === 'e' || unit === 'E') return null;
    if (/^[-+]?0$/.test(m[0]) && /^[xXbBoO]/.test(unit)) return null;
    end += unit.length;
  }
  return { value: Number(m[0]), end };
}

/** True where a number may end: the next character does not continue it. */
function boundaryAt(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const c = s[i];
  if (c === ' ' || c === '\t' || c === ';' || c === ')' || c === ']' || c === '}' || c === '|' || c === '"' || c === "'") return true;
  const next = s[i + 1];
  // "x=1,y=2" and "x=1, y=2" end at the comma; "x=1,234" does not.
  if (c === ',') return next === undefined || !(next >= '0' && next <= '9');
  // The full stop of a sentence: "loss=0.5."
  if (c === '.') return next === undefined || next === ' ' || next === '\t';
  return false;
}

/** The whole of `field` as a number (after trimming), NaN for a missing value (empty, nan, inf…), or null if it is not one. */
export function fieldNumber(field: string): number | null {
  const f = field.trim();
  const c = f.charCodeAt(0);
  // Digits, signs and dots start numbers; anything else can only be a missing value.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    const n = scanNumber(f, 0);
    if (n && n.end === f.length) return Number.isFinite(n.value) ? n.value : Number.NaN;
  }
  return MISSING.test(f) ? Number.NaN : null;
}

/** `name=value` and `name: value` pairs; returns how many were given to the sink. */
export function extractPairs(text: string, sink: NumberSink): number {
  let found = 0;
  KV_NAME.lastIndex = 0;
  for (let m = KV_NAME.exec(text); m && found < MAX_ROW_FIELDS; m = KV_NAME.exec(text)) {
    const at = m.index;
    // Only a whole name: "1a=2" and "x.y=" seen from "y" are not names.
    if (at > 0 && NAME_CHAR.test(text[at - 1])) {
      KV_NAME.lastIndex = at + 1;
      continue;
    }
    const after = KV_NAME.lastIndex;
    const n = scanNumber(text, after);
    if (!n || !boundaryAt(text, n.end)) continue;
    KV_NAME.lastIndex = n.end;
    if (!Number.isFinite(n.value) || m[1].length > MAX_NAME_CHARS) continue;
    sink(m[1], n.value);
    found++;
  }
  return found;
}

/** Numeric fields of a JSON object, nested paths joined with dots; null when the text is not a JSON object. */
export function extractJson(text: string, sink: NumberSink): number | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Python's json.dumps writes NaN and Infinity, which JSON does not have.
    const fixed = text.replace(/(?<=[:[,]\s*)-?(?:NaN|Infinity)(?=\s*[,\]}])/g, 'null');
    if (fixed === text) return null;
    try {
      value = JSON.parse(fixed);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  let found = 0;
  const walk = (v: unknown, path: string, depth: number) => {
    if (found >= MAX_ROW_FIELDS) return;
    if (typeof v === 'number') {
      // Booleans and strings are labels, not numbers; NaN cannot occur (null stands for it).
      if (Number.isFinite(v) && path.length <= MAX_NAME_CHARS) {
        sink(path, v);
        found++;
      }
    } else if (typeof v === 'object' && v !== null && depth < MAX_JSON_DEPTH) {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length && i < MAX_JSON_ARRAY; i++) walk(v[i], path ? `${path}.${i}` : String(i), depth + 1);
      } else {
        for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, depth + 1);
      }
    }
  };
  walk(value, '', 0);
  return found;
}

type Separator = '\t' | ',' | ';' | ' ';

interface Fields {
  sep: Separator;
  fields: string[];
}

function splitFields(text: string): Fields {
  const sep: Separator = text.includes('\t') ? '\t' : text.includes(',') ? ',' : text.includes(';') ? ';' : ' ';
  const raw = sep === ' ' ? text.trim().split(/\s+/) : text.split(sep);
  const fields = raw.map((f) => {
    const t = f.trim();
    return t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"' ? t.slice(1, -1) : t;
  });
  return { sep, fields };
}

const PAIR_NAMES: string[] = [];
const PAIR_VALUES = new Float64Array(MAX_ROW_FIELDS);

/**
 * Reads rows one after another, remembering a header row for the columns after it.
 * One per session (the header is the session's state).
 */
export class Extractor {
  /** The row before, when it could be a header. */
  private prev: Fields | null = null;
  private header: Fields | null = null;
  private readonly pairNames = new PairNames();

  constructor(readonly pattern: RegExp | null = null) {}

  /**
   * row() for a row's bytes (in an encoding where printable ASCII bytes are themselves)
   * when they are plain `name=number` pairs, with the same result, without decoding
   * them; false, having given nothing, when they are not: then read the text with row().
   */
  rowBytes(buf: Uint8Array, a: number, b: number, sink: NumberSink): boolean {
    if (this.pattern || b <= a || b - a > MAX_EXTRACT_CHARS) return false;
    const n = bytePairs(buf, a, b, this.pairNames, PAIR_NAMES, PAIR_VALUES);
    if (n < 0) return false;
    this.prev = null;
    for (let k = 0; k < n; k++) sink(PAIR_NAMES[k], PAIR_VALUES[k]);
    return true;
  }

  /** Gives the sink the row's numbers; returns how many. */
  row(raw: string, sink: NumberSink): number {
    if (raw.length === 0 || raw.length > MAX_EXTRACT_CHARS) {
      this.prev = null;
      return 0;
    }
    // As a person reads it: a progress line's final state, colours and other escapes gone.
    const text = plainText(raw);
    if (this.pattern) return text.length > MAX_PATTERN_CHARS ? 0 : this.fromPattern(text, sink);
    const t = text.trim();
    if (t.startsWith('{') && t.endsWith('}')) {
      const n = extractJson(t, sink);
      if (n !== null) {
        this.prev = null;
        return n;
      }
    }
    const pairs = text.includes('=') || text.includes(':') ? extractPairs(text, sink) : 0;
    if (pairs > 0) {
      this.prev = null;
      return pairs;
    }
    return this.columns(t, sink);
  }

  private fromPattern(text: string, sink: NumberSink): number {
    const m = this.pattern!.exec(text);
    if (!m?.groups) return 0;
    let found = 0;
    for (const [name, s] of Object.entries(m.groups)) {
      if (s === undefined) continue;
      const v = fieldNumber(s);
      if (v !== null && Number.isFinite(v)) {
        sink(name, v);
        found++;
      }
    }
    return found;
  }

  private columns(t: string, sink: NumberSink): number {
    if (t === '') {
      this.prev = null;
      return 0;
    }
    const row = splitFields(t);
    const { sep, fields } = row;
    if (fields.length > MAX_ROW_FIELDS) {
      this.prev = null;
      return 0;
    }
    const values = fields.map(fieldNumber);
    const numeric = values.filter((v) => v !== null && !Number.isNaN(v)).length;
    if (numeric === 0) {
      // Spaces separate the words of any sentence: a header of words needs two or more.
      const header = fields.every((f) => HEADER_NAME.test(f) && f.length <= MAX_NAME_CHARS && fieldNumber(f) === null)
        && (sep !== ' ' || fields.length >= 2);
      this.prev = header ? row : null;
      return 0;
    }
    const prev = this.prev;
    this.prev = null;
    if (prev && prev.sep === sep && prev.fields.length === fields.length) this.header = prev;
    const header = this.header && this.header.sep === sep && this.header.fields.length === fields.length ? this.header : null;
    // Without a header every field must be a number (or missing), or "3 errors in 2 files" would be plotted.
    if (!header && values.includes(null)) return 0;
    let found = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || Number.isNaN(v)) continue;
      sink(header ? header.fields[i] : `col${i + 1}`, v);
      found++;
    }
    return found;
  }
}

export class PatternError extends Error {}

/**
 * True when a group that repeats holds a repetition itself, as in (a+)+ or (?:\s*\w+)*:
 * the shape that makes a backtracking engine take exponential time on some lines. The
 * pattern runs on every row in the core, where such a line would stall everything.
 */
export function nestsRepetition(source: string): boolean {
  /** For each open group: whether something inside it repeats without bound. */
  const stack: boolean[] = [];
  let inClass = false;
  let lastGroupRepeats = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      lastGroupRepeats = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    const unbounded = c === '+' || c === '*' || (c === '{' && /^\{\d*,\}/.test(source.slice(i)));
    if (unbounded) {
      if (lastGroupRepeats) return true;
      if (stack.length) stack[stack.length - 1] = true;
    }
    lastGroupRepeats = false;
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === ')') {
      const inner = stack.pop() ?? false;
      lastGroupRepeats = inner;
      // The repetition inside counts for the enclosing group too.
      if (inner && stack.length) stack[stack.length - 1] = true;
    }
  }
  return false;
}

/**
 * The person's pattern, checked: it must compile and name at least one group, each
 * group's text being read as a number (`(?<temp>\S+)`).
 */
export function compilePattern(source: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (err) {
    throw new PatternError(`the pattern is not a valid regular expression: ${(err as Error).message}`);
  }
  if (nestsRepetition(source)) {
    throw new PatternError('the pattern repeats a group that repeats inside, as in (a+)+, which can take forever on some lines: repeat one or the other');
  }
  // Matching the empty alternative shows every group name without running the pattern on text.
  const names = Object.keys(new RegExp(`${source}|`).exec('')?.groups ?? {});
  if (names.length === 0) throw new PatternError('the pattern names no group: name each number, as in temp=(?<temp>\\S+)');
  return re;
}
