/** The dialog file's parser and writer, the line matcher and the mask proposer, table by table. */
import { describe, expect, it } from 'vitest';
import { parseDialog, writeDialog, type Dialog, type ExpectLine } from '../shared/dialog.ts';
import { checkRows } from '../shared/dialog-check.ts';
import { splitCommand } from '../electron/core/dialog/split-command.ts';
import { matchLine, maskRegex, proposeLine, toPattern, updateLine } from '../shared/dialog-match.ts';

describe('matchLine', () => {
  const cases: [ExpectLine, string, boolean][] = [
    ['Hello', 'Hello', true],
    ['Hello', 'Hello ', false],
    ['Name? ', 'Name? ', true],
    [{ regex: 'took \\d+ ms' }, 'took 12 ms', true],
    [{ regex: 'took \\d+ ms' }, 'it took 12 ms', false],
    [{ regex: 'a|b' }, 'a', true],
    [{ regex: 'a|b' }, 'ab', false],
    [{ mask: 'pid {pid} at {time}' }, 'pid 4242 at 12:03:04', true],
    [{ mask: 'pid {pid} at {time}' }, 'pid 4242 at noon', false],
    [{ mask: 'now {time}' }, 'now 2026-11-22T10:53:43.123456', true],
    [{ mask: 'now {time}' }, 'now 2026-11-22 10:53:43Z', true],
    [{ mask: 'from {addr}' }, 'from 127.0.0.1:50008', true],
    [{ mask: 'from {addr}' }, 'from [::1]:50008', true],
    [{ mask: 'from {addr}' }, 'from ::1', true],
    [{ mask: 'at {addr}' }, 'at 0x7f3a2b', true],
    [{ mask: 'n={num}' }, 'n=-3.25', true],
    [{ mask: 'n={num}' }, 'n=three', false],
    [{ mask: 'id {hex}' }, 'id deadBEEF01', true],
    [{ mask: 'id {hex}' }, 'id xyz', false],
    [{ mask: 'say {*}!' }, 'say anything at all!', true],
    [{ mask: 'say {*}!' }, 'say it?', false],
    [{ mask: 'set {{x}} = {num}' }, 'set {x} = 4', true],
    [{ mask: 'a.b (c) [d] $e' }, 'a.b (c) [d] $e', true],
    [{ mask: 'a.b' }, 'axb', false],
  ];
  it.each(cases)('%j against %j → %s', (l, text, want) => {
    expect(matchLine(l, text)).toBe(want);
  });
});

describe('proposeLine', () => {
  const cases: [string, number | undefined, ExpectLine][] = [
    ['Welcome to the greeter', undefined, 'Welcome to the greeter'],
    ['Name? ', undefined, 'Name? '],
    ['answer 42', undefined, 'answer 42'],
    ['started at 12:03:04', undefined, { mask: 'started at {time}' }],
    ['log 2026-11-22T10:53:43.123Z ready', undefined, { mask: 'log {time} ready' }],
    ['today is 2026-11-22', undefined, { mask: 'today is {time}' }],
    ['pid 31337 running', undefined, { mask: 'pid {pid} running' }],
    ['PID: 77', undefined, { mask: 'PID: {pid}' }],
    ['worker 9001 of 4242', 4242, { mask: 'worker 9001 of {pid}' }],
    ['listening on 127.0.0.1:50007', undefined, { mask: 'listening on {addr}' }],
    ['peer [::1]:4000 joined', undefined, { mask: 'peer {addr} joined' }],
    ['object at 0x7fa3c2d1e0', undefined, { mask: 'object at {addr}' }],
    ['took 1234567 ns', undefined, { mask: 'took {num} ns' }],
    ['took 0.01234 s', undefined, { mask: 'took {num} s' }],
    ['commit 9bea815c2d', undefined, { mask: 'commit {hex}' }],
    ['deadbeef is a word', undefined, 'deadbeef is a word'],
    ['{"t": 1700000000000}', undefined, { mask: '{{"t": {num}}}' }],
    ['year 2026', undefined, 'year 2026'],
  ];
  it.each(cases)('%j (pid %s) → %j', (text, pid, want) => {
    const p = proposeLine(text, pid ? { pid } : {});
    expect(p).toEqual(want);
    // Whatever is proposed matches the line it came from.
    expect(matchLine(p, text)).toBe(true);
  });

  it('turns a line into a pattern on request even when nothing looks volatile', () => {
    expect(toPattern('a {b} c')).toEqual({ mask: 'a {{b}} c' });
    expect(matchLine(toPattern('a {b} c'), 'a {b} c')).toBe(true);
    expect(toPattern('at 12:00:01')).toEqual({ mask: 'at {time}' });
  });

  it('keeps a pattern on update where it still matches, and takes the new text elsewhere', () => {
    expect(updateLine({ regex: 'took \\d+ ms' }, 'took 5 ms')).toEqual({ regex: 'took \\d+ ms' });
    expect(updateLine({ regex: 'took \\d+ ms' }, 'took five ms')).toBe('took five ms');
    expect(updateLine('Hello', 'Hi')).toBe('Hi');
    expect(updateLine(undefined, 'at 10:00:00')).toEqual({ mask: 'at {time}' });
  });

  it('caches mask regexes without growing without bound', () => {
    for (let i = 0; i < 2000; i++) expect(maskRegex(`x${i} {num}`).test(`x${i} 5`)).toBe(true);
  });
});

describe('parseDialog', () => {
  const base = { 'porthole-dialog': 1, program: { command: ['python3', 'a.py'] }, steps: [] };
  const bad: [unknown, string][] = [
    ['not json', '$: not valid JSON'],
    [[], '$: must be an object, not an array'],
    [{ ...base, 'porthole-dialog': undefined }, '$.porthole-dialog: missing'],
    [{ ...base, 'porthole-dialog': 2 }, '$.porthole-dialog: version 2 is not supported'],
    [{ ...base, extra: 1 }, '$.extra: unknown field'],
    [{ ...base, connect: 'h:1' }, '$: needs exactly one of "program"'],
    [{ 'porthole-dialog': 1, connect: 'localhost', steps: [] }, '$.connect: must be "host:port"'],
    [{ ...base, program: { command: [] } }, '$.program.command: must be a non-empty array'],
    [{ ...base, program: { command: ['x', 3] } }, '$.program.command[1]: must be a string, not number 3'],
    [{ ...base, program: { command: ['x'], env: { 'A-B': 'x' } } }, '$.program.env.A-B: not a valid variable name'],
    [{ ...base, steps: {} }, '$.steps: must be an array'],
    [{ ...base, steps: [{ expect: [5] }] }, '$.steps[0].expect[0]: must be a string (exact line)'],
    [{ ...base, steps: [{}, { expect: [{ regex: '(' }] }] }, '$.steps[1].expect[0].regex: not a valid regular expression'],
    [{ ...base, steps: [{ expect: [{ mask: '{when}' }] }] }, '$.steps[0].expect[0].mask: unknown mask {when}'],
    [{ ...base, steps: [{ expect: [{ text: 'x' }] }] }, '$.steps[0].expect[0]: an object line needs "regex" or "mask"'],
    [{ ...base, steps: [{ send: 'x', ending: 'cr' }] }, '$.steps[0].ending: must be "lf", "crlf" or "none"'],
    [{ ...base, steps: [{ ending: 'lf' }] }, '$.steps[0].ending: a line ending needs a "send"'],
    [{ ...base, end: { exit: 300 } }, '$.end.exit: must be an exit status 0–255'],
    [{ 'porthole-dialog': 1, connect: '127.0.0.1:5', steps: [], end: { exit: 0 } }, '$.end.exit: a connect dialog has no exit status'],
  ];
  it.each(bad)('refuses %j: %s', (v, message) => {
    expect(() => parseDialog(typeof v === 'string' ? v : JSON.stringify(v))).toThrow(message);
  });

  it('writes what it reads, one expected line per line of the file', () => {
    const d: Dialog = {
      'porthole-dialog': 1,
      name: 'greet',
      program: { command: ['python3', 'greet.py', 'a b'], cwd: '.', env: { LANG: 'C.UTF-8', X: '1' }, encoding: 'latin1', pty: false },
      steps: [
        { expect: ['Welcome', { mask: 'pid {pid}' }, { regex: 'Name\\? ' }], send: 'Ada', ending: 'crlf' },
        { expect: [], send: '', ending: 'none' },
        { expect: ['bye'], eof: true },
        { expect: [] },
      ],
      end: { eof: true, exit: 3 },
    };
    const text = writeDialog(d);
    expect(parseDialog(text)).toEqual(d);
    expect(text).toContain('\n        { "mask": "pid {pid}" },\n');
    expect(text).toContain('"command": ["python3", "greet.py", "a b"]');
    expect(text).toContain('"end": { "eof": true, "exit": 3 }');
    const c: Dialog = { 'porthole-dialog': 1, connect: '[::1]:50007', steps: [{ expect: [] }] };
    expect(parseDialog(writeDialog(c))).toEqual(c);
  });
});

describe('splitCommand', () => {
  const cases: [string, string[]][] = [
    ['python3 app.py', ['python3', 'app.py']],
    ["python3 'my app.py' --x", ['python3', 'my app.py', '--x']],
    ["echo 'it'\\''s'", ['echo', "it's"]],
    ['sh -c "echo \\"hi\\""', ['sh', '-c', 'echo "hi"']],
    ["prog ''", ['prog', '']],
  ];
  it.each(cases)('%j → %j', (line, argv) => {
    expect(splitCommand(line)).toEqual(argv);
  });
});

describe('checkRows', () => {
  const d: Dialog = { 'porthole-dialog': 1, program: { command: ['x'] }, steps: [{ expect: ['Name? '], send: 'Ada' }, { expect: [{ mask: 'Hi {*}' }] }] };
  const out = (text: string, open = false) => ({ kind: 'out', text, cont: false, open });
  const sent = (text: string) => ({ kind: 'sent', text, cont: false, open: false });
  it.each([
    [[], false, ['pending', 'pending']],
    [[out('Name? ', true)], false, ['met', 'pending']],
    [[out('Nom? ', true)], false, ['missed', 'pending']],
    [[out('Name? '), sent('Ada')], false, ['met', 'pending']],
    [[out('Name? '), sent('Ada'), out('Hi Ada')], false, ['met', 'pending']],
    [[out('Name? '), sent('Ada'), out('Hi Ada')], true, ['met', 'met']],
    [[out('Name? '), sent('Ada'), out('Bye')], true, ['met', 'missed']],
    [[out('Name? '), sent('Ada'), out('Hi Ada'), out('more')], true, ['met', 'missed']],
    [[out('Name? '), sent('Ada')], true, ['met', 'missed']],
  ] as [ReturnType<typeof out>[], boolean, string[]][])('%j ended=%s → %j', (rows, ended, want) => {
    expect(checkRows(d, rows, ended).map((c) => c.state)).toEqual(want);
  });
});
