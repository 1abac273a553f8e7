import { describe, expect, it } from 'vitest';
import { compilePattern, Extractor, MAX_EXTRACT_CHARS, MAX_PATTERN_CHARS, nestsRepetition, PatternError } from './extract.ts';

/** Every row's numbers, as "name=value" strings, one array per row. */
function read(rows: string[], pattern: RegExp | null = null): string[][] {
  const x = new Extractor(pattern);
  return rows.map((r) => {
    const out: string[] = [];
    const n = x.row(r, (name, value) => out.push(`${name}=${value}`));
    expect(n).toBe(out.length);
    return out;
  });
}
const one = (row: string) => read([row])[0];

describe('name=value and name: value pairs', () => {
  it.each<[string, string, string[]]>([
    ['equals', 't=1 temp=21.5 hum=40', ['t=1', 'temp=21.5', 'hum=40']],
    ['colon and space', 'loss: 0.25 acc: 0.9', ['loss=0.25', 'acc=0.9']],
    ['Arduino style', 'temp:21.5,hum:40', ['temp=21.5', 'hum=40']],
    ['spaces around =', 'x = 3, y = 4', ['x=3', 'y=4']],
    ['comma then a name', 'a=1,b=2', ['a=1', 'b=2']],
    ['negative and exponent', 'grad=-1.5e-3 lr=3E+2 b=+7', ['grad=-0.0015', 'lr=300', 'b=7']],
    ['leading and trailing dot', 'a=.5 b=5.', ['a=0.5', 'b=5']],
    ['unit dropped, series keeps its name', 'latency=12ms rate=3.5MB/s cpu=87% t=21.5°C', ['latency=12', 'rate=3.5', 'cpu=87', 't=21.5']],
    ['unit after a space is just text', 'speed=3.2 MB/s', ['speed=3.2']],
    ['end of a sentence', 'Final loss=0.5.', ['loss=0.5']],
    ['names with dots, slashes, dashes', 'train/loss=1 val.acc=2 max-temp=3', ['train/loss=1', 'val.acc=2', 'max-temp=3']],
    ['option style', 'running with --lr=0.1', ['lr=0.1']],
    ['quoted names (a Python dict)', "{'loss': 0.5, 'acc': 0.75}", ['loss=0.5', 'acc=0.75']],
    ['in parentheses and brackets', '(a=1) [b=2] {c=3}|d=4', ['a=1', 'b=2', 'c=3', 'd=4']],
    ['NaN and infinities are not plotted', 'a=nan b=inf c=-Infinity d=NaN e=1', ['e=1']],
    ['too large for a double is not plotted', 'a=1e999 b=2', ['b=2']],
    ['thousands separator: neither 1 nor 1234', 'x=1,234 y=5', ['y=5']],
    ['decimal comma is skipped too', 'x=3,14', []],
    ['underscore separator', 'n=1_000', []],
    ['version numbers', 'v=1.2.3 ok=1', ['ok=1']],
    ['dates and times', 'date=2024-01-05 time=12:30:01', []],
    ['hex and binary', 'a=0xff b=0x1F c=0b101 d=0', ['d=0']],
    ['broken exponent', 'a=2e b=3e+ c=4', ['c=4']],
    ['double sign', 'a=--1 b=+-2', []],
    ['not a name: starts with a digit', '1a=2', []],
    ['time stamp prefix', '12:30:01 temp=3', ['temp=3']],
    ['label then a phrase', 'Average loss: 0.25 (best)', ['loss=0.25']],
    ['a word is not a value', 'mode=fast count=2', ['count=2']],
    ['ANSI colours are ignored', '\x1b[32mloss=\x1b[1m0.5\x1b[0m', ['loss=0.5']],
    ['a progress line is read as finally shown', 'step=1\rstep=2', ['step=2']],
  ])('%s', (_name, row, expected) => {
    expect(one(row)).toEqual(expected);
  });
});

describe('JSON objects', () => {
  it.each<[string, string, string[]]>([
    ['flat', '{"loss": 0.5, "step": 3}', ['loss=0.5', 'step=3']],
    ['nested paths', '{"a": {"b": 1, "c": {"d": -2}}, "e": 3}', ['a.b=1', 'a.c.d=-2', 'e=3']],
    ['arrays by index', '{"xyz": [1, 2, 3]}', ['xyz.0=1', 'xyz.1=2', 'xyz.2=3']],
    ['strings, booleans and null are not numbers', '{"name": "x", "n": "12", "ok": true, "z": null, "v": 1}', ['v=1']],
    ["Python's NaN and Infinity", '{"loss": NaN, "acc": 0.5, "g": -Infinity, "h": Infinity}', ['acc=0.5']],
    ['leading spaces', '   {"a": 1}  ', ['a=1']],
    ['not JSON after all: pairs are read instead', '{"a": 1, b}', ['a=1']],
    ['an empty object', '{}', []],
    ['exponents', '{"a": 1e-3, "b": -2.5E2}', ['a=0.001', 'b=-250']],
  ])('%s', (_name, row, expected) => {
    expect(one(row)).toEqual(expected);
  });
});

describe('columns', () => {
  it.each<[string, string[], string[][]]>([
    ['spaces', ['1 2 3', '4   5 6'], [['col1=1', 'col2=2', 'col3=3'], ['col1=4', 'col2=5', 'col3=6']]],
    ['one number a line', ['42', '-1.5e-3'], [['col1=42'], ['col1=-0.0015']]],
    ['commas: 1,234 is two columns', ['1,234'], [['col1=1', 'col2=234']]],
    ['tabs', ['1\t2.5'], [['col1=1', 'col2=2.5']]],
    ['semicolons', ['1;2'], [['col1=1', 'col2=2']]],
    ['units in columns', ['12ms 13ms'], [['col1=12', 'col2=13']]],
    ['missing values keep their column', ['1,,3', '1,nan,3', '4,inf,'], [['col1=1', 'col3=3'], ['col1=1', 'col3=3'], ['col1=4']]],
    ['header row names the columns', ['time,temp,hum', '1,21.5,40', '2,21.6,41'], [[], ['time=1', 'temp=21.5', 'hum=40'], ['time=2', 'temp=21.6', 'hum=41']]],
    ['quoted header', ['"a","b"', '1,2'], [[], ['a=1', 'b=2']]],
    ['header of words separated by spaces', ['step loss', '1 0.5'], [[], ['step=1', 'loss=0.5']]],
    ['header stays across other lines', ['a,b', '1,2', 'saving checkpoint', '3,4'], [[], ['a=1', 'b=2'], [], ['a=3', 'b=4']]],
    ['a header with another count of columns is not used', ['a,b', '1,2,3'], [[], ['col1=1', 'col2=2', 'col3=3']]],
    ['with a header, text columns are skipped', ['name,x,y', 'foo,1,2'], [[], ['x=1', 'y=2']]],
    ['without a header, text in a row means no columns', ['foo,1,2', '3 errors in 2 files'], [[], []]],
    ['one word is not a header', ['Ready', '42'], [[], ['col1=42']]],
    ['a sentence with no numbers gives none', ['Starting the run now'], [[]]],
    ['a later header replaces the first', ['a,b', '1,2', 'c,d', '3,4'], [[], ['a=1', 'b=2'], [], ['c=3', 'd=4']]],
    ['malformed numbers are not columns', ['1.2.3 4', '12:30 5', '0x10 1'], [[], [], []]],
    ['empty rows', ['', '   '], [[], []]],
  ])('%s', (_name, rows, expected) => {
    expect(read(rows)).toEqual(expected);
  });
});

describe('a pattern with named groups', () => {
  it.each<[string, string, string[], string[][]]>([
    ['named groups read as numbers', String.raw`epoch (?<epoch>\d+).*?loss (?<loss>\S+)`, ['epoch 3 of 10, loss 0.25', 'no match'], [['epoch=3', 'loss=0.25'], []]],
    ['groups that are not numbers are skipped', String.raw`(?<a>\S+) (?<b>\S+)`, ['x 2', 'nan 1e3'], [['b=2'], ['b=1000']]],
    ['units in a group are dropped', String.raw`took (?<t>\S+)`, ['took 12ms'], [['t=12']]],
    ['an optional group that did not take part', String.raw`a=(?<a>\d+)(?: b=(?<b>\d+))?`, ['a=1', 'a=1 b=2'], [['a=1'], ['a=1', 'b=2']]],
  ])('%s', (_name, source, rows, expected) => {
    expect(read(rows, compilePattern(source))).toEqual(expected);
  });

  it('refuses patterns that do not compile or name nothing, saying why', () => {
    expect(() => compilePattern('(')).toThrow(PatternError);
    expect(() => compilePattern('(')).toThrow(/not a valid regular expression/);
    expect(() => compilePattern(String.raw`loss (\d+)`)).toThrow(/names no group/);
    expect(() => compilePattern(String.raw`(?<=x)\d`)).toThrow(/names no group/);
    expect(() => compilePattern(String.raw`(?<a>(\d+)+)x`)).toThrow(/repeats a group that repeats inside/);
  });

  it.each<[string, boolean]>([
    [String.raw`(a+)+`, true],
    [String.raw`(?:\s*\w+)*$`, true],
    [String.raw`((a)+)*`, true],
    [String.raw`(a{1,})+`, true],
    [String.raw`(?<x>\d+)`, false],
    [String.raw`loss (?<loss>\S+) acc (?<acc>\S+)`, false],
    [String.raw`(?:ab)+ (?<n>\d+)`, false],
    [String.raw`(a{2,3})+`, false],
    [String.raw`([+*])+`, false],
    [String.raw`(\+)+`, false],
  ])('nested repetition in %s: %s', (source, nested) => {
    expect(nestsRepetition(source)).toBe(nested);
  });
});

describe('bounds', () => {
  it('skips rows longer than the limit', () => {
    expect(one(`a=1 ${'x'.repeat(MAX_EXTRACT_CHARS)}`)).toEqual([]);
  });
  it('tries a pattern only on rows of up to 2,048 characters', () => {
    const re = compilePattern(String.raw`v=(?<v>\d+)`);
    expect(read([`v=1 ${'x'.repeat(MAX_PATTERN_CHARS - 4)}`, `v=2 ${'x'.repeat(MAX_PATTERN_CHARS)}`], re)).toEqual([['v=1'], []]);
  });
  it('takes at most 64 numbers from a row', () => {
    const row = Array.from({ length: 100 }, (_, i) => `v${i}=${i}`).join(' ');
    expect(one(row)).toHaveLength(64);
    expect(one(Array.from({ length: 100 }, (_, i) => i).join(','))).toEqual([]);
  });
});

describe('rows read from their bytes give what their text gives', () => {
  /** Every row through rowBytes where it takes the row, else row(); the numbers, and which rows rowBytes took. */
  function readBytes(rows: string[]): { out: string[][]; taken: boolean[] } {
    const x = new Extractor();
    const taken: boolean[] = [];
    const out = rows.map((r) => {
      const got: string[] = [];
      const sink = (name: string, value: number) => got.push(`${name}=${Object.is(value, -0) ? '-0' : value}`);
      const buf = Buffer.from(`>${r}<`, 'latin1');
      const ok = x.rowBytes(buf, 1, buf.length - 1, sink);
      taken.push(ok);
      if (!ok) x.row(r, sink);
      return got;
    });
    return { out, taken };
  }
  const readText = (rows: string[]) => {
    const x = new Extractor();
    return rows.map((r) => {
      const got: string[] = [];
      x.row(r, (name, value) => got.push(`${name}=${Object.is(value, -0) ? '-0' : value}`));
      return got;
    });
  };

  it.each<[string, boolean]>([
    ['i=1 v=-2.5', true],
    ['  a=0.1\tb=+7  c=-0 ', true],
    ['x=123456789012345 y=0.00000000000001', true],
    ['y=0.000000000000001', false],
    ['long=1234567890123456', false],
    ['lat=12ms', false],
    ['x=1,234 y=5', false],
    ['x = 3', false],
    ['loss: 0.5', false],
    ['a=nan b=1', false],
    ['a=1e3', false],
    ['a=5. b=.5', false],
    ['v=1.2.3', false],
    ['{"a": 1}', false],
    ['1 2 3', false],
    ['\x1b[31mt=1\x1b[0m', false],
    ['t=1\rt=2', false],
    ['', false],
    ['é=1', false],
    ['ab-c=1', false],
    [Array.from({ length: 64 }, (_, k) => `n${k}=${k}`).join(' '), true],
    [Array.from({ length: 65 }, (_, k) => `n${k}=${k}`).join(' '), false],
    [`${'n'.repeat(64)}=1`, true],
    [`${'n'.repeat(65)}=1`, false],
  ])('%j (read from bytes: %s)', (row, fast) => {
    const r = readBytes([row]);
    expect(r.taken[0]).toBe(fast);
    expect(r.out).toEqual(readText([row]));
  });

  it('agrees with the text over random rows of pairs, headers and columns, the header state included', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const pieces = ['a', 'b_2', 'Temp', 'x', '=', '-', '+', '.', '0', '7', '12', '3.25', '99999999', ' ', '  ', '\t', 'ms', ':', ',', 'e5', 'nan'];
    const rows: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const shape = rand(4);
      if (shape === 0) rows.push('time value');
      else if (shape === 1) rows.push(`${rand(1000)} ${rand(1000) / 8}`);
      else if (shape === 2) rows.push(`i=${rand(1e6)} v=${(rand(2e6) - 1e6) / 1000}`);
      else rows.push(Array.from({ length: 1 + rand(8) }, () => pieces[rand(pieces.length)]).join(''));
    }
    const r = readBytes(rows);
    expect(r.out).toEqual(readText(rows));
    expect(r.taken.filter(Boolean).length).toBeGreaterThan(1000);
  });

  it('values parse exactly as Number() does', () => {
    const x = new Extractor();
    for (let k = 0; k < 20000; k++) {
      const digits = String(Math.floor(Math.random() * 1e15)).padStart(1 + (k % 15), '0').slice(0, 15);
      const cut = k % (digits.length + 1);
      const text = cut > 0 && cut < digits.length ? `${digits.slice(0, cut)}.${digits.slice(cut)}` : digits;
      const buf = Buffer.from(`v=-${text}`);
      let got = Number.NaN;
      expect(x.rowBytes(buf, 0, buf.length, (_, v) => (got = v))).toBe(true);
      expect(Object.is(got, -Number(text))).toBe(true);
    }
  });
});
