/**
 * Valid arguments for every command, for tests. Typed by the contract: a command
 * added to `Commands` without examples here does not compile.
 */
import type { CommandArgs, CommandName } from '../contract.ts';

export const COMMAND_EXAMPLES: { readonly [K in CommandName]: readonly [CommandArgs<K>, ...CommandArgs<K>[]] } = {
  'app:info': [null],
  'listener:list': [null],
  'listener:add': [{ host: '127.0.0.1', port: 0 }, { path: '/tmp/porthole.sock' }],
  'listener:remove': [{ id: 2 }],
  'connect:list': [null],
  'connect:start': [{ host: 'localhost', port: 50008, retryMs: 100, giveUpMs: 0 }],
  'connect:cancel': [{ id: 3 }],
  'session:list': [null],
  'session:rows': [{ id: 1, from: 0, to: 80 }],
  'session:send': [{ id: 1, text: 'héllo', ending: 'crlf' }],
  'session:eof': [{ id: 1 }],
  'session:close': [{ id: 1 }],
  'session:encoding': [{ id: 1, encoding: 'cp437' }],
  'past:list': [null],
  'past:open': [{ key: '20240101-120000-1' }],
  'session:rename': [{ id: 1, name: 'login flow, run 3' }],
  'session:reconnect': [{ id: 1 }, { id: 1, auto: true }, { id: 1, stop: true }],
  'session:remove': [{ id: 1 }],
  'past:delete': [{ key: '20240101-120000-1' }],
  'search:start': [{ id: 1, query: 'err', regex: false, caseSensitive: true }],
  'search:seek': [{ searchId: 4, row: 10, dir: -1 }],
  'search:cancel': [{ searchId: 4 }],
  'filter:start': [{ id: 1, query: 'err|warn', regex: true, caseSensitive: false, invert: true, kinds: ['err'] }, { id: 1, query: '', regex: false, caseSensitive: true, invert: false, kinds: [], from: 5000 }],
  'filter:rows': [{ filterId: 2, from: 0, to: 200 }],
  'filter:cancel': [{ filterId: 2 }],
  'session:bytes': [{ id: 1, from: 0, to: 40 }],
  'plot:series': [{ id: 1 }],
  'plot:data': [{ id: 1, series: ['temp', 'hum'], xMode: 'time', width: 800 }, { id: 1, series: [], xMode: 'row', from: 10, to: 2000, width: 1 }],
  'plot:pattern': [{ id: 1, pattern: 'loss (?<loss>\\S+)' }, { id: 1, pattern: '' }],
  'plot:csv': [{ id: 1, columns: ['temp', '', 'hum'], fromRow: 0 }],
  'dialog:propose': [{ id: 1 }],
};
