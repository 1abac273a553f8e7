/**
 * The pieces argument shapes are made of (the command table in contract.ts uses
 * them). Each check carries the type it admits, so a shape that does not fit its
 * command's argument type (a field missing, extra, optional where it is required, or
 * checked as the wrong type) does not compile.
 */

/** Null when `value` is acceptable, otherwise what is wrong with it. */
export type Check<T> = ((value: unknown) => string | null) & { readonly admits?: T };

export interface Field<T, Optional extends boolean = boolean> {
  readonly check: Check<T>;
  readonly optional: Optional;
}

/** The shape that checks an object type: one field per key, optional exactly where the type's is. */
export type ObjectShape<T> = {
  readonly [K in keyof T]-?: Field<Exclude<T[K], undefined>, undefined extends T[K] ? true : false>;
};

/**
 * The shape of a command's arguments: null when it takes none; for an object type,
 * its shape, or a list of shapes of which one must match (for a union such as
 * ListenerSpec).
 */
export type ArgsShape<T> = [T] extends [null]
  ? null
  : ObjectShape<T> | readonly (T extends unknown ? ObjectShape<T> : never)[];

/** What validation sees of a shape, whatever command it belongs to. */
export type AnyShape = Readonly<Record<string, Field<unknown>>>;
export type AnyArgsShape = null | AnyShape | readonly AnyShape[];

export const req = <T>(check: Check<T>): Field<T, false> => ({ check, optional: false });
export const opt = <T>(check: Check<T>): Field<T, true> => ({ check, optional: true });

export const nat: Check<number> = (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : 'must be a non-negative integer';

export const port: Check<number> = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? null : 'must be a port number (0–65535)';

export const bool: Check<boolean> = (v) => (typeof v === 'boolean' ? null : 'must be true or false');

export const str = (max: number, nonEmpty = false): Check<string> => (v) => {
  if (typeof v !== 'string') return 'must be a string';
  if (nonEmpty && v.length === 0) return 'must not be empty';
  return v.length <= max ? null : `must be at most ${max} characters`;
};

/** A list of at most `max` items, each passing `item`. */
export const list = <T>(item: Check<T>, max: number): Check<T[]> => (v) => {
  if (!Array.isArray(v)) return 'must be a list';
  if (v.length > max) return `must hold at most ${max} items`;
  for (let i = 0; i < v.length; i++) {
    const problem = item(v[i]);
    if (problem) return `item ${i} ${problem}`;
  }
  return null;
};

export const oneOf = <const V extends readonly (string | number | boolean)[]>(...values: V): Check<V[number]> => (v) =>
  values.includes(v as V[number]) ? null : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
