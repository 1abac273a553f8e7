/**
 * Shape checks for every command a face forwards to the core, from the command table
 * (contract.ts). The Electron IPC adapter and the browser-mode WebSocket run these
 * before anything reaches the core, so a compromised or buggy page can only ever send
 * well-formed commands.
 */
import type { AnyArgsShape, AnyShape } from './arg-checks.ts';
import { COMMANDS, type CommandName } from './contract.ts';

export { MAX_SEND_CHARS } from './contract.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function checkShape(shape: AnyShape, args: Record<string, unknown>): string | null {
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
  return typeof cmd === 'string' && Object.hasOwn(COMMANDS, cmd);
}

/** Null when `args` fits `shape`, otherwise what is wrong with it, starting with `name`. */
export function validateShape(name: string, shape: AnyArgsShape, args: unknown): string | null {
  if (shape === null) {
    return args === null || args === undefined ? null : `${name} takes no arguments`;
  }
  if (!isPlainObject(args)) return `${name}: arguments must be an object`;
  if (Array.isArray(shape)) {
    // A union: report the problem of the closest alternative (the first that shares a key).
    const problems = shape.map((s) => checkShape(s, args));
    if (problems.includes(null)) return null;
    const keys = Object.keys(args);
    const best = shape.findIndex((s) => keys.some((k) => Object.hasOwn(s, k)));
    return `${name}: ${problems[best === -1 ? 0 : best]}`;
  }
  const problem = checkShape(shape as AnyShape, args);
  return problem ? `${name}: ${problem}` : null;
}

/** Null when `args` is a valid argument object for `cmd`, otherwise what is wrong with it. */
export function validateArgs(cmd: string, args: unknown): string | null {
  if (!isCommandName(cmd)) return `unknown command '${String(cmd).slice(0, 64)}'`;
  return validateShape(cmd, COMMANDS[cmd].args as AnyArgsShape, args);
}
