import { describe, expect, it } from 'vitest';
import { EXPORT_ARGS } from './preload-api.ts';
import { MAX_SEND_CHARS, validateArgs, validateShape } from './validate.ts';

const valid: [string, unknown][] = [
  ['app:info', null],
  ['app:info', undefined],
  ['listener:list', null],
  ['listener:add', {}],
  ['listener:add', { host: '127.0.0.1', port: 0 }],
  ['listener:add', { port: 65535 }],
  ['listener:add', { path: '/tmp/porthole.sock' }],
  ['listener:remove', { id: 0 }],
  ['connect:list', null],
  ['connect:start', { host: 'localhost', port: 50008 }],
  ['connect:start', { host: '::1', port: 1, retryMs: 100, giveUpMs: 0 }],
  ['connect:cancel', { id: 3 }],
  ['session:list', null],
  ['session:rows', { id: 1, from: 0, to: 80 }],
  ['session:rows', { id: 1, from: 9_999_900, to: 10_000_000 }],
  ['session:send', { id: 1, text: 'hello', ending: 'lf' }],
  ['session:send', { id: 1, text: '', ending: 'none' }],
  ['session:send', { id: 1, text: 'x'.repeat(MAX_SEND_CHARS), ending: 'crlf' }],
  ['session:eof', { id: 2 }],
  ['session:close', { id: 2 }],
  ['session:encoding', { id: 2, encoding: 'latin1' }],
  ['past:list', null],
  ['past:open', { key: '2024-01-01-abc' }],
  ['search:start', { id: 1, query: 'err', regex: false, caseSensitive: true }],
  ['search:seek', { searchId: 4, row: 0, dir: 1 }],
  ['search:seek', { searchId: 4, row: 10, dir: -1 }],
  ['search:cancel', { searchId: 4 }],
];

const invalid: [string, unknown, RegExp][] = [
  ['nope', null, /unknown command/],
  ['__proto__', {}, /unknown command/],
  ['constructor', null, /unknown command/],
  ['hasOwnProperty', null, /unknown command/],
  ['app:info', {}, /no arguments/],
  ['session:list', 'x', /no arguments/],
  ['listener:add', null, /must be an object/],
  ['listener:add', { port: -1 }, /port/],
  ['listener:add', { port: 70000 }, /port/],
  ['listener:add', { port: '80' }, /port/],
  ['listener:add', { path: '' }, /must not be empty/],
  ['listener:add', { path: '/x', port: 1 }, /unexpected field/],
  ['listener:remove', {}, /missing field 'id'/],
  ['listener:remove', { id: -1 }, /non-negative integer/],
  ['listener:remove', { id: 1.5 }, /non-negative integer/],
  ['listener:remove', { id: NaN }, /non-negative integer/],
  ['listener:remove', { id: '1' }, /non-negative integer/],
  ['connect:start', { host: 'h' }, /missing field 'port'/],
  ['connect:start', { host: '', port: 1 }, /must not be empty/],
  ['connect:start', { host: 'h', port: 1, retryMs: -5 }, /retryMs/],
  ['session:rows', { id: 1, from: -1, to: 5 }, /'from'/],
  ['session:rows', { id: 1, from: 0 }, /missing field 'to'/],
  ['session:rows', [1, 0, 5], /must be an object/],
  ['session:send', { id: 1, text: 'x', ending: 'cr' }, /'ending' must be one of/],
  ['session:send', { id: 1, text: 5, ending: 'lf' }, /'text' must be a string/],
  ['session:send', { id: 1, text: 'x'.repeat(MAX_SEND_CHARS + 1), ending: 'lf' }, /at most/],
  ['session:send', { id: 1, text: 'x', ending: 'lf', extra: true }, /unexpected field 'extra'/],
  ['session:encoding', { id: 1, encoding: 'x'.repeat(65) }, /at most/],
  ['past:open', { key: 7 }, /must be a string/],
  ['search:start', { id: 1, query: 'a', regex: 'yes', caseSensitive: false }, /'regex' must be true or false/],
  ['search:seek', { searchId: 1, row: 0, dir: 0 }, /'dir' must be one of/],
  ['search:seek', { searchId: 1, row: 0, dir: '1' }, /'dir' must be one of/],
  ['search:cancel', Object.create({ searchId: 1 }), /must be an object/],
];

describe('validateArgs', () => {
  it.each(valid)('accepts %s %j', (cmd, args) => {
    expect(validateArgs(cmd, args)).toBeNull();
  });

  it.each(invalid)('rejects %s %j', (cmd, args, message) => {
    expect(validateArgs(cmd, args)).toMatch(message);
  });

  it('rejects an own __proto__ key rather than walking into the prototype', () => {
    const args = JSON.parse('{"id": 1, "__proto__": {"x": 1}}');
    expect(validateArgs('session:eof', args)).toMatch(/unexpected field '__proto__'/);
  });

  it('checks the export channel with the same rules', () => {
    expect(validateShape('session:export', EXPORT_ARGS, { id: 3, format: 'jsonl' })).toBeNull();
    expect(validateShape('session:export', EXPORT_ARGS, { id: 3, format: 'pdf' })).toMatch(/^session:export: 'format' must be one of "text", "jsonl", "report"$/);
    expect(validateShape('session:export', EXPORT_ARGS, { id: 3, format: 'report' })).toBeNull();
    expect(validateShape('session:export', EXPORT_ARGS, { id: -3, format: 'text' })).toMatch(/^session:export: 'id'/);
    expect(validateShape('session:export', EXPORT_ARGS, { id: 3 })).toMatch(/missing field 'format'/);
    expect(validateShape('session:export', EXPORT_ARGS, null)).toMatch(/must be an object/);
  });
});
