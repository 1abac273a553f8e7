import { describe, expect, it } from 'vitest';
import { defaultSessionName, displayCommand, parseRunArgs } from '../electron/cli/run-args.ts';
import { exitStatusCode } from '../electron/cli/run-session.ts';
import { describeTarget } from '../electron/cli/run-connect.ts';

describe('porthole run flags', () => {
  it('takes the defaults, then the environment, then the flags', () => {
    expect(parseRunArgs(['--', 'ls'], {})).toMatchObject({ host: 'localhost', port: 50008, wait: false, tee: false, graceMs: 3000, command: ['ls'] });
    expect(parseRunArgs(['ls'], { PORTHOLE_HOST: '::1', PORTHOLE_PORT: '6000' })).toMatchObject({ host: '::1', port: 6000 });
    expect(parseRunArgs(['--port', '7', '--host=h', '--wait', '--tee', '--name', 'n', '--grace', '0.5', 'ls'], { PORTHOLE_PORT: '6000' }))
      .toMatchObject({ host: 'h', port: 7, wait: true, tee: true, name: 'n', graceMs: 500, command: ['ls'] });
  });

  it('keeps the program\'s own flags, with or without --', () => {
    expect(parseRunArgs(['python3', '-u', '--port', '1'], {})).toMatchObject({ command: ['python3', '-u', '--port', '1'] });
    expect(parseRunArgs(['--unix', '/tmp/p.sock', '--', '--weird'], {})).toMatchObject({ unix: '/tmp/p.sock', command: ['--weird'] });
  });

  it.each([
    [[], /no program/],
    [['--port', 'x', 'ls'], /port/],
    [['--bogus', 'ls'], /unknown flag/],
    [['--grace', '-1', 'ls'], /grace/],
    [['--name'], /needs a value/],
    [['--size', '80', 'ls'], /--size wants COLUMNSxROWS/],
    [['--size', '0x24', 'ls'], /--size wants COLUMNSxROWS/],
    [['--size=120x', 'ls'], /--size wants COLUMNSxROWS/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseRunArgs(argv, {})).toThrow(message);
  });

  it('takes the pseudo-terminal size as COLUMNSxROWS', () => {
    expect(parseRunArgs(['--pty', '--size', '120x40', '--', 'python3'], {})).toMatchObject({ pty: true, size: { cols: 120, rows: 40 }, command: ['python3'] });
    expect(parseRunArgs(['--pty', 'python3'], {})).not.toHaveProperty('size');
  });

  it('answers --help', () => {
    expect(parseRunArgs(['--help'], {})).toBe('help');
  });

  it.each([
    [['python3', 'app.py'], 'app.py'],
    [['python3', '-u', '/x/y/app.py', 'arg'], 'app.py'],
    [['python', '-m', 'http.server'], 'http.server'],
    [['sh', '-c', 'echo hi'], 'sh'],
    [['/usr/bin/make', 'all'], 'make'],
    [['./a.out'], 'a.out'],
  ])('names %j %s', (command, name) => {
    expect(defaultSessionName(command)).toBe(name);
  });

  it('shows the command line as it would be typed', () => {
    expect(displayCommand(['sh', '-c', "echo 'hi' there"])).toBe(`sh -c 'echo '\\''hi'\\'' there'`);
  });

  it('maps exit statuses to run\'s own status', () => {
    expect(exitStatusCode({ code: 3, signal: null })).toBe(3);
    expect(exitStatusCode({ code: null, signal: 'SIGTERM' })).toBe(143);
    expect(exitStatusCode({ code: null, signal: 'SIGKILL' })).toBe(137);
  });

  it('names addresses', () => {
    expect(describeTarget({ host: '::1', port: 5 })).toBe('[::1]:5');
    expect(describeTarget({ path: '/tmp/s' })).toBe('/tmp/s');
  });
});
