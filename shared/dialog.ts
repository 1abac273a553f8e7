/**
 * A dialog file (`*.dialog.json`): a recorded conversation with a program, replayable as
 * a test. Small and readable in review: the program, then steps of expected output and
 * the reply sent, then the expected end. Specified in docs/dialogs.md.
 */

export const DIALOG_VERSION = 1;
export const DIALOG_MASKS = ['time', 'pid', 'addr', 'num', 'hex', '*'] as const;
export type MaskName = (typeof DIALOG_MASKS)[number];

/** One expected line: the exact text, a regular expression (whole line), or text with `{mask}` holes. */
export type ExpectLine = string | { regex: string } | { mask: string };

export type LineEndingName = 'lf' | 'crlf' | 'none';

export interface DialogStep {
  /** Output lines expected since the previous reply (the last may be an unfinished prompt). */
  expect: ExpectLine[];
  /** The reply then sent, without its line ending. */
  send?: string;
  /** The line ending sent after the reply (default lf). */
  ending?: LineEndingName;
  /** The program's input is then closed (Send EOF). */
  eof?: boolean;
}

export interface DialogProgram {
  /** argv: the program and its arguments. */
  command: string[];
  /** Working directory, relative to the dialog file (default: the file's folder). */
  cwd?: string;
  /** Variables set on top of the environment replay runs in. */
  env?: Record<string, string>;
  encoding?: string;
  /** Run on a pseudo-terminal (stdout and stderr one stream, input echoed). */
  pty?: boolean;
  /**
   * `host:port` the program connects to by itself (a classic socket script): replay
   * listens there, starts the program, and talks over the connection it makes.
   */
  listen?: string;
}

export interface DialogEnd {
  /** The program's output ends (EOF) after the last step (default true). */
  eof?: boolean;
  /** Expected exit status (programs that are run only). */
  exit?: number;
}

export interface Dialog {
  'porthole-dialog': typeof DIALOG_VERSION;
  name?: string;
  /** The program to run, or… */
  program?: DialogProgram;
  /** …`host:port` of a program that listens, to connect to. */
  connect?: string;
  steps: DialogStep[];
  end?: DialogEnd;
}

export class DialogError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

type Json = unknown;

function isObj(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(v: Record<string, Json>, keys: string[], at: string): void {
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new DialogError(`${at}.${k}`, `unknown field (expected one of: ${keys.join(', ')})`);
  }
}

function str(v: Json, at: string, allowEmpty = true): string {
  if (typeof v !== 'string') throw new DialogError(at, `must be a string, not ${describe(v)}`);
  if (!allowEmpty && v === '') throw new DialogError(at, 'must not be empty');
  return v;
}

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** The `{name}` holes of a mask text ( `{{` and `}}` are literal braces). */
export function maskNames(text: string): string[] {
  const names: string[] = [];
  text.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, name: string | undefined) => {
    if (name !== undefined) names.push(name);
    return m;
  });
  return names;
}

function checkLine(v: Json, at: string): ExpectLine {
  if (typeof v === 'string') return v;
  if (!isObj(v)) throw new DialogError(at, `must be a string (exact line), {"regex": …} or {"mask": …}, not ${describe(v)}`);
  if ('regex' in v) {
    onlyKeys(v, ['regex'], at);
    const re = str(v.regex, `${at}.regex`);
    try {
      new RegExp(re, 'u');
    } catch (err) {
      throw new DialogError(`${at}.regex`, `not a valid regular expression: ${(err as Error).message}`);
    }
    return { regex: re };
  }
  if ('mask' in v) {
    onlyKeys(v, ['mask'], at);
    const text = str(v.mask, `${at}.mask`);
    for (const name of maskNames(text)) {
      if (!(DIALOG_MASKS as readonly string[]).includes(name)) {
        throw new DialogError(`${at}.mask`, `unknown mask {${name}} (known: ${DIALOG_MASKS.map((m) => `{${m}}`).join(' ')}; write {{ for a literal brace)`);
      }
    }
    return { mask: text };
  }
  throw new DialogError(at, 'an object line needs "regex" or "mask"');
}

/** Parses and checks a dialog file's text; errors name the JSON path (`$.steps[2].expect[0]`). */
export function parseDialog(text: string): Dialog {
  let v: Json;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new DialogError('$', `not valid JSON: ${(err as Error).message}`);
  }
  return checkDialog(v);
}

export function checkDialog(v: Json): Dialog {
  if (!isObj(v)) throw new DialogError('$', `must be an object, not ${describe(v)}`);
  onlyKeys(v, ['porthole-dialog', 'name', 'program', 'connect', 'steps', 'end'], '$');
  if (v['porthole-dialog'] !== DIALOG_VERSION) {
    throw new DialogError('$.porthole-dialog', v['porthole-dialog'] === undefined ? `missing: a dialog file starts with "porthole-dialog": ${DIALOG_VERSION}` : `version ${JSON.stringify(v['porthole-dialog'])} is not supported (this Porthole reads ${DIALOG_VERSION})`);
  }
  const d: Dialog = { 'porthole-dialog': DIALOG_VERSION, steps: [] };
  if (v.name !== undefined) d.name = str(v.name, '$.name');
  if ((v.program === undefined) === (v.connect === undefined)) throw new DialogError('$', 'needs exactly one of "program" (a program to run) or "connect" ("host:port" of a program that listens)');
  if (v.program !== undefined) d.program = checkProgram(v.program);
  if (v.connect !== undefined) d.connect = hostPort(v.connect, '$.connect');
  if (!Array.isArray(v.steps)) throw new DialogError('$.steps', v.steps === undefined ? 'missing: the list of steps' : `must be an array, not ${describe(v.steps)}`);
  d.steps = v.steps.map((s, i) => checkStep(s, `$.steps[${i}]`));
  if (v.end !== undefined) {
    const at = '$.end';
    if (!isObj(v.end)) throw new DialogError(at, `must be an object, not ${describe(v.end)}`);
    onlyKeys(v.end, ['eof', 'exit'], at);
    const end: DialogEnd = {};
    if (v.end.eof !== undefined) {
      if (typeof v.end.eof !== 'boolean') throw new DialogError(`${at}.eof`, 'must be true or false');
      end.eof = v.end.eof;
    }
    if (v.end.exit !== undefined) {
      const x = v.end.exit;
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255) throw new DialogError(`${at}.exit`, `must be an exit status 0–255, not ${describe(x)}`);
      if (d.connect) throw new DialogError(`${at}.exit`, 'a connect dialog has no exit status to check');
      end.exit = x;
    }
    d.end = end;
  }
  return d;
}

function checkProgram(v: Json): DialogProgram {
  const at = '$.program';
  if (!isObj(v)) throw new DialogError(at, `must be an object, not ${describe(v)}`);
  onlyKeys(v, ['command', 'cwd', 'env', 'encoding', 'pty', 'listen'], at);
  if (!Array.isArray(v.command) || v.command.length === 0) throw new DialogError(`${at}.command`, 'must be a non-empty array: the program and its arguments');
  const p: DialogProgram = { command: v.command.map((a, i) => str(a, `${at}.command[${i}]`, i > 0)) };
  if (v.cwd !== undefined) p.cwd = str(v.cwd, `${at}.cwd`, false);
  if (v.env !== undefined) {
    if (!isObj(v.env)) throw new DialogError(`${at}.env`, `must be an object of names to strings, not ${describe(v.env)}`);
    p.env = {};
    for (const [k, val] of Object.entries(v.env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new DialogError(`${at}.env.${k}`, 'not a valid variable name');
      p.env[k] = str(val, `${at}.env.${k}`);
    }
  }
  if (v.encoding !== undefined) p.encoding = str(v.encoding, `${at}.encoding`, false);
  if (v.pty !== undefined) {
    if (typeof v.pty !== 'boolean') throw new DialogError(`${at}.pty`, 'must be true or false');
    p.pty = v.pty;
  }
  if (v.listen !== undefined) {
    p.listen = hostPort(v.listen, `${at}.listen`);
    if (p.pty) throw new DialogError(`${at}.listen`, 'a program that connects by itself does not run on a pseudo-terminal: drop "pty" or "listen"');
  }
  return p;
}

/** "host:port", as `connect` and `program.listen` take it. */
function hostPort(v: Json, at: string): string {
  const c = str(v, at);
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/.test(c) || Number(c.slice(c.lastIndexOf(':') + 1)) > 65535) {
    throw new DialogError(at, `must be "host:port" (e.g. "127.0.0.1:50007"), not ${JSON.stringify(c)}`);
  }
  return c;
}

function checkStep(v: Json, at: string): DialogStep {
  if (!isObj(v)) throw new DialogError(at, `must be an object, not ${describe(v)}`);
  onlyKeys(v, ['expect', 'send', 'ending', 'eof'], at);
  const expect = v.expect === undefined ? [] : v.expect;
  if (!Array.isArray(expect)) throw new DialogError(`${at}.expect`, `must be an array of lines, not ${describe(expect)}`);
  const s: DialogStep = { expect: expect.map((l, i) => checkLine(l, `${at}.expect[${i}]`)) };
  if (v.send !== undefined) s.send = str(v.send, `${at}.send`);
  if (v.ending !== undefined) {
    if (v.ending !== 'lf' && v.ending !== 'crlf' && v.ending !== 'none') throw new DialogError(`${at}.ending`, `must be "lf", "crlf" or "none", not ${describe(v.ending)}`);
    if (s.send === undefined) throw new DialogError(`${at}.ending`, 'a line ending needs a "send"');
    s.ending = v.ending;
  }
  if (v.eof !== undefined) {
    if (typeof v.eof !== 'boolean') throw new DialogError(`${at}.eof`, 'must be true or false');
    if (v.eof) s.eof = true;
  }
  return s;
}

/**
 * The file's text: two-space JSON, except that short arrays of strings (argv) and each
 * expected line stay on one line, so a review shows one changed line per changed line.
 */
export function writeDialog(d: Dialog): string {
  const lines: string[] = ['{', `  "porthole-dialog": ${DIALOG_VERSION},`];
  const top: string[] = [];
  if (d.name !== undefined) top.push(`  "name": ${JSON.stringify(d.name)}`);
  if (d.program) {
    const p = d.program;
    const fields = [`    "command": ${JSON.stringify(p.command).replace(/","/g, '", "')}`];
    if (p.cwd !== undefined) fields.push(`    "cwd": ${JSON.stringify(p.cwd)}`);
    if (p.env && Object.keys(p.env).length) fields.push(`    "env": ${JSON.stringify(p.env).replace(/,"/g, ', "').replace(/":/g, '": ')}`);
    if (p.encoding !== undefined) fields.push(`    "encoding": ${JSON.stringify(p.encoding)}`);
    if (p.pty !== undefined) fields.push(`    "pty": ${p.pty}`);
    if (p.listen !== undefined) fields.push(`    "listen": ${JSON.stringify(p.listen)}`);
    top.push(`  "program": {\n${fields.join(',\n')}\n  }`);
  }
  if (d.connect !== undefined) top.push(`  "connect": ${JSON.stringify(d.connect)}`);
  const steps = d.steps.map((s) => {
    const f: string[] = [];
    f.push(s.expect.length ? `      "expect": [\n${s.expect.map((l) => `        ${lineJson(l)}`).join(',\n')}\n      ]` : '      "expect": []');
    if (s.send !== undefined) f.push(`      "send": ${JSON.stringify(s.send)}`);
    if (s.ending !== undefined) f.push(`      "ending": ${JSON.stringify(s.ending)}`);
    if (s.eof) f.push('      "eof": true');
    return `    {\n${f.join(',\n')}\n    }`;
  });
  top.push(steps.length ? `  "steps": [\n${steps.join(',\n')}\n  ]` : '  "steps": []');
  if (d.end) {
    const e: string[] = [];
    if (d.end.eof !== undefined) e.push(`"eof": ${d.end.eof}`);
    if (d.end.exit !== undefined) e.push(`"exit": ${d.end.exit}`);
    top.push(`  "end": { ${e.join(', ')} }`);
  }
  return `${lines.join('\n')}\n${top.join(',\n')}\n}\n`;
}

function lineJson(l: ExpectLine): string {
  if (typeof l === 'string') return JSON.stringify(l);
  if ('regex' in l) return `{ "regex": ${JSON.stringify(l.regex)} }`;
  return `{ "mask": ${JSON.stringify(l.mask)} }`;
}

/** How an expected line reads in a report: text as is, `/regex/`, a mask with its holes. */
export function showLine(l: ExpectLine): string {
  if (typeof l === 'string') return JSON.stringify(l);
  if ('regex' in l) return `/${l.regex}/`;
  return `${JSON.stringify(l.mask)} (mask)`;
}

/** What the window gets to edit before saving a session as a test. */
export interface DialogProposal {
  dialog: Dialog;
  /** The recorded program's pid, for proposing masks on lines a person turns into patterns. */
  pid?: number;
  /** File name to save as. */
  fileName: string;
  /** Each step's lines exactly as received, so a line turned into a pattern can be turned back. */
  texts: string[][];
}
