/**
 * The command table against the contract's types (at compile time: `tsc` checks the
 * expectTypeOf lines) and every command's argument check against arguments of its
 * type (at run time).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AnyArgsShape, AnyShape } from './arg-checks.ts';
import { COMMAND_NAMES, COMMANDS, type CommandArgs, type CommandName, type Commands } from './contract.ts';
import { COMMAND_EXAMPLES } from './testing/command-examples.ts';
import { validateArgs } from './validate.ts';

describe('the command table', () => {
  it('has exactly the commands of the contract', () => {
    expectTypeOf<keyof typeof COMMANDS>().toEqualTypeOf<keyof Commands>();
    expectTypeOf<CommandName>().toEqualTypeOf<keyof Commands>();
    expectTypeOf(COMMAND_NAMES).toEqualTypeOf<readonly (keyof Commands)[]>();
    // The runtime list is the table's own keys, in the table's order, each once.
    expect(COMMAND_NAMES).toEqual(Object.keys(COMMANDS));
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
    expect(Object.isFrozen(COMMAND_NAMES)).toBe(true);
  });

  it('has examples of the contract\'s types for every command', () => {
    expectTypeOf<keyof typeof COMMAND_EXAMPLES>().toEqualTypeOf<keyof Commands>();
    expectTypeOf(COMMAND_EXAMPLES['session:send'][0]).toEqualTypeOf<CommandArgs<'session:send'>>();
    expect(Object.keys(COMMAND_EXAMPLES).sort()).toEqual([...COMMAND_NAMES].sort());
  });
});

const wrongValue = (v: unknown): unknown => (typeof v === 'string' ? 5 : typeof v === 'number' ? 'x' : typeof v === 'boolean' ? 'yes' : null);

/** The table's shapes for an example: one, or the alternatives it may match. */
const shapesOf = (cmd: CommandName): AnyShape[] => {
  const shape = COMMANDS[cmd].args as AnyArgsShape;
  return shape === null ? [] : Array.isArray(shape) ? [...shape] : [shape as AnyShape];
};

describe.each(COMMAND_NAMES.map((cmd) => [cmd] as const))('the argument check of %s', (cmd) => {
  const examples = COMMAND_EXAMPLES[cmd] as readonly unknown[];

  it('accepts arguments of its type', () => {
    for (const args of examples) expect(validateArgs(cmd, args), JSON.stringify(args)).toBeNull();
  });

  it('rejects arguments of the wrong shape', () => {
    if (examples[0] === null) {
      expect(validateArgs(cmd, undefined)).toBeNull();
      for (const args of [{}, { id: 1 }, 'x', 0, false, []]) expect(validateArgs(cmd, args), JSON.stringify(args)).toMatch(/takes no arguments/);
      return;
    }
    for (const args of [null, undefined, 'x', 7, [], [examples[0]]]) {
      expect(validateArgs(cmd, args), JSON.stringify(args)).toMatch(/must be an object/);
    }
    for (const example of examples as Record<string, unknown>[]) {
      expect(validateArgs(cmd, { ...example, smuggled: 1 })).toMatch(/unexpected field 'smuggled'/);
      for (const key of Object.keys(example)) {
        expect(validateArgs(cmd, { ...example, [key]: wrongValue(example[key]) }), `${key} of the wrong type`).toMatch(new RegExp(`'${key}'`));
        const { [key]: _dropped, ...without } = example;
        // Still valid only where the table says the field may be left out (of some alternative).
        const fits = shapesOf(cmd).some((s) => Object.keys(without).every((k) => Object.hasOwn(s, k))
          && Object.entries(s).every(([k, f]) => f.optional || Object.hasOwn(without, k)));
        if (fits) expect(validateArgs(cmd, without), `${key} left out`).toBeNull();
        else expect(validateArgs(cmd, without), `${key} left out`).toMatch(new RegExp(`missing field '${key}'`));
      }
    }
  });
});
