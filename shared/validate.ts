/**
 * Shape checks for every command a face forwards to the core. The Electron IPC
 * adapter and the browser-mode WebSocket run these before anything reaches the
 * core, so a compromised or buggy page can only ever send well-formed commands.
 */
import { COMMAND_NAMES, type CommandName } from './contract.ts';

/** The largest text one `session:send` may carry (1 MiB of UTF-16 code units). */
export const MAX_SEND_CHARS = 1024 * 1024;
const MAX_SHORT = 4096;
const MAX_QUERY = 64 * 1024;

type Check = (value: unknown) => string | null;

const nat: Check = (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : 'must be a non-negative integer';
const port: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? null : 'must be a port number (0–65535)';
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const str = (max: number, nonEmpty = false): Check => (v) => {
  if (typeof v !== 'string') return 'must be a string';
  if (nonEmpty && v.length === 0) return 'must not be empty';
  return v.length <= max ? null : `must be at most ${max} characters`;
};
const oneOf = (...values: readonly unknown[]): Check => (v) =>
  values.includes(v) ? null : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

interface Field { check: Check; optional?: boolean }
type Shape = Record<string, Field>;
const req = (check: Check): Field => ({ check });
const opt = (check: Check): Field => ({ check, optional: true });

/** null: the command takes no arguments; an array: any one of the shapes. */
const SHAPES: Record<CommandName, null | Shape | Shape[]> = {
  'app:info': null,
  'listener:list': null,
  'listener:add': [
    { host: opt(str(255, true)), port: opt(port) },
    { path: req(str(MAX_SHORT, true)) },
  ],
  'listener:remove': { id: req(nat) },
  'connect:list': null,
  'connect:start': {
    host: req(str(255, true)), port: req(port), retryMs: opt(nat), giveUpMs: opt(nat),
  },
  'connect:cancel': { id: req(nat) },
  'session:list': null,
  'session:rows': { id: req(nat), from: req(nat), to: req(nat) },
  'session:send': { id: req(nat), text: req(str(MAX_SEND_CHARS)), ending: req(oneOf('lf', 'crlf', 'none')) },
  'session:eof': { id: req(nat) },
  'session:close': { id: req(nat) },
  'session:encoding': { id: req(nat), encoding: req(str(64, true)) },
  'past:list': null,
  'past:open': { key: req(str(MAX_SHORT, true)) },
  'search:start': { id: req(nat), query: req(str(MAX_QUERY)), regex: req(bool), caseSensitive: req(bool) },
  'search:seek': { searchId: req(nat), row: req(nat), dir: req(oneOf(1, -1)) },
  'search:cancel': { searchId: req(nat) },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function checkShape(shape: Shape, args: Record<string, unknown>): string | null {
  for (const key of Object.keys(args)) {
    if (!Object.hasOwn(shape, key)) return `unexpected field '${key}'`;
  }
  for (const [key, field] of Object.entries(shape)) {
    const value = args[key];
    if (value === undefined) {
      if (field.optional) continue;
      return `missing field '${key}'`;
    }
    const problem = field.check(value);
    if (problem) return `'${key}' ${problem}`;
  }
  return null;
}

export function isCommandName(cmd: unknown): cmd is CommandName {
  return typeof cmd === 'string' && (COMMAND_NAMES as readonly string[]).includes(cmd);
}

/** Null when `args` is a valid argument object for `cmd`, otherwise what is wrong with it. */
export function validateArgs(cmd: string, args: unknown): string | null {
  if (!isCommandName(cmd)) return `unknown command '${String(cmd).slice(0, 64)}'`;
  const shape = SHAPES[cmd];
  if (shape === null) {
    return args === null || args === undefined ? null : `${cmd} takes no arguments`;
  }
  if (!isPlainObject(args)) return `${cmd}: arguments must be an object`;
  if (Array.isArray(shape)) {
    // A union: report the problem of the closest alternative (the first that shares a key).
    const problems = shape.map((s) => checkShape(s, args));
    if (problems.includes(null)) return null;
    const keys = Object.keys(args);
    const best = shape.findIndex((s) => keys.some((k) => Object.hasOwn(s, k)));
    return `${cmd}: ${problems[best === -1 ? 0 : best]}`;
  }
  const problem = checkShape(shape, args);
  return problem ? `${cmd}: ${problem}` : null;
}
