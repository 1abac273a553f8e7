/**
 * Auto-responses ("when output matches P, send R") and bookmarks: the shapes both the
 * core and the faces use, and the one-line rule syntax of `--respond`.
 *
 * Rule syntax: `[{OPTIONS}]PATTERN=>REPLY`
 *   - PATTERN is literal text (the row contains it), or `/REGEX/FLAGS` (flags i, m, s, u).
 *   - The first `=>` ends a literal pattern; a regex ends at its closing `/FLAGS=>`.
 *   - REPLY may be empty (just the line ending); `\n`, `\t`, `\\` are not interpreted.
 *   - OPTIONS, comma-separated: `once`, `delay=MS`, `ending=lf|crlf|none`,
 *     `limit=N` (loop guard: at most N firings a second; without it, a rule stops
 *     after five seconds at over 50 a second), `program=NAME`.
 */
import type { LineEnding } from './types.ts';

export const RESPOND_LIMITS = {
  maxRules: 200,
  maxPatternChars: 4096,
  maxReplyChars: 64 * 1024,
  maxDelayMs: 60 * 60 * 1000,
  /** Loop guard without a limit of the rule's own: over this many firings a second, five seconds in a row, stop it. */
  defaultPerSecond: 50,
  maxPerSecond: 100_000,
  /** Regexes see at most this much of a row. */
  matchChars: 64 * 1024,
} as const;

export const BOOKMARK_LIMITS = { maxNoteChars: 500, maxPerSession: 10_000 } as const;

export type RespondScope =
  | { kind: 'all' }
  | { kind: 'session'; id: number }
  | { kind: 'program'; program: string };

/** What a person asks for; `respond:add` takes it. */
export interface RespondSpec {
  pattern: string;
  regex: boolean;
  /** Regex flags (i, m, s, u); ignored for literal patterns. */
  flags?: string;
  reply: string;
  ending: LineEnding;
  once: boolean;
  delayMs: number;
  /** Loop guard: firings a second beyond which the rule stops (default 50). */
  perSecond?: number;
  scope: RespondScope;
}

export interface RespondRule extends RespondSpec {
  id: number;
  enabled: boolean;
  /** Times it has fired (in every session). */
  fired: number;
  /** Why it stopped by itself (loop guard, slow pattern, once done), if it did. */
  stopped?: string;
}

export interface Bookmark {
  /** Row number in the session. */
  row: number;
  note: string;
  /** When it was made (epoch ms). */
  at: number;
}

export class RuleSyntaxError extends Error {}

const OPTION_GROUP = /^\{((?:[a-z]+(?:=[^,}]*)?)(?:,[a-z]+(?:=[^,}]*)?)*)\}/;

/** Checks a regex's flags and source, throwing a sentence for the person. */
export function checkRegex(source: string, flags = ''): RegExp {
  if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) throw new RuleSyntaxError(`regex flags may be i, m, s and u, each once, not '${flags}'`);
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new RuleSyntaxError(`not a valid regular expression /${source}/: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** Parses `[{OPTIONS}]PATTERN=>REPLY`; a problem is a RuleSyntaxError saying what is wrong. */
export function parseRespondRule(text: string): RespondSpec {
  let rest = text;
  const spec: RespondSpec = { pattern: '', regex: false, reply: '', ending: 'lf', once: false, delayMs: 0, scope: { kind: 'all' } };
  const group = OPTION_GROUP.exec(rest);
  if (group) {
    rest = rest.slice(group[0].length);
    for (const opt of group[1].split(',')) {
      const [name, value] = opt.split('=', 2) as [string, string | undefined];
      if (name === 'once' && value === undefined) spec.once = true;
      else if (name === 'delay' && value !== undefined && /^\d+$/.test(value) && Number(value) <= RESPOND_LIMITS.maxDelayMs) spec.delayMs = Number(value);
      else if (name === 'limit' && value !== undefined && /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= RESPOND_LIMITS.maxPerSecond) spec.perSecond = Number(value);
      else if (name === 'ending' && (value === 'lf' || value === 'crlf' || value === 'none')) spec.ending = value;
      else if (name === 'program' && value) spec.scope = { kind: 'program', program: value };
      else throw new RuleSyntaxError(`unknown or malformed option '${opt}' (options: once, delay=MS, ending=lf|crlf|none, limit=N, program=NAME)`);
    }
  }
  const re = /^\/(.+?)\/([a-z]*)=>/s.exec(rest);
  if (re) {
    checkRegex(re[1], re[2]);
    spec.pattern = re[1];
    spec.regex = true;
    spec.flags = re[2];
    spec.reply = rest.slice(re[0].length);
  } else {
    const at = rest.indexOf('=>');
    if (at < 0) throw new RuleSyntaxError(`'${text}' has no '=>': write PATTERN=>REPLY (or /REGEX/=>REPLY)`);
    spec.pattern = rest.slice(0, at);
    spec.reply = rest.slice(at + 2);
  }
  if (spec.pattern === '') throw new RuleSyntaxError(`'${text}' has an empty pattern: write PATTERN=>REPLY`);
  checkRespondSpec(spec);
  return spec;
}

/** Bounds shared by the command and the flag; throws RuleSyntaxError. */
export function checkRespondSpec(spec: RespondSpec): void {
  if (spec.pattern.length === 0) throw new RuleSyntaxError('the pattern cannot be empty');
  if (spec.pattern.length > RESPOND_LIMITS.maxPatternChars) throw new RuleSyntaxError(`the pattern can have at most ${RESPOND_LIMITS.maxPatternChars} characters`);
  if (spec.reply.length > RESPOND_LIMITS.maxReplyChars) throw new RuleSyntaxError(`the reply can have at most ${RESPOND_LIMITS.maxReplyChars} characters`);
  if (spec.delayMs > RESPOND_LIMITS.maxDelayMs) throw new RuleSyntaxError('the delay can be at most an hour');
  if (spec.perSecond !== undefined && (spec.perSecond < 1 || spec.perSecond > RESPOND_LIMITS.maxPerSecond)) throw new RuleSyntaxError(`the loop-guard limit is from 1 to ${RESPOND_LIMITS.maxPerSecond} a second`);
  if (spec.regex) checkRegex(spec.pattern, spec.flags ?? '');
}

/** A rule as one line (for lists and `--respond` round trips). */
export function describeRule(r: RespondSpec): string {
  const opts = [r.once ? 'once' : '', r.delayMs ? `delay=${r.delayMs}` : '', r.ending !== 'lf' ? `ending=${r.ending}` : '', r.perSecond ? `limit=${r.perSecond}` : '',
    r.scope.kind === 'program' ? `program=${r.scope.program}` : ''].filter(Boolean);
  const pattern = r.regex ? `/${r.pattern}/${r.flags ?? ''}` : r.pattern;
  return `${opts.length ? `{${opts.join(',')}}` : ''}${pattern}=>${r.reply}`;
}
