import { describe, expect, it } from 'vitest';
import { Intake } from '../electron/core/hello-parser.ts';
import { encodeExit, encodeFrames, encodeHello } from '../electron/cli/run-frames.ts';
import { FRAME, FRAME_MAX_PAYLOAD, HELLO_MAX_BYTES, type Hello } from '../shared/hello.ts';
import type { ExitStatus } from '../shared/types.ts';

/** Feeds bytes to the core's own reader, in the chunk sizes given, and records what it understood. */
function readAsPorthole(bytes: Buffer, chunk = bytes.length) {
  const seen: { plain: string; out: string; err: string; hello: Hello[]; exit: ExitStatus[]; echo: boolean[]; problems: string[] } = {
    plain: '', out: '', err: '', hello: [], exit: [], echo: [], problems: [],
  };
  const intake = new Intake({
    plain: (b) => (seen.plain += b.toString('latin1')),
    stdout: (b) => (seen.out += b.toString('utf8')),
    stderr: (b) => (seen.err += b.toString('utf8')),
    hello: (h) => seen.hello.push(h),
    exit: (s) => seen.exit.push(s),
    echo: (on) => seen.echo.push(on),
    problem: (m) => seen.problems.push(m),
  });
  for (let i = 0; i < bytes.length; i += chunk) intake.push(bytes.subarray(i, i + chunk));
  return seen;
}

describe('run frames', () => {
  const hello: Hello = { name: 'app.py', pid: 123, command: 'python app.py', framed: true };

  it('encodes the hello as the exact documented line', () => {
    expect(encodeHello(hello).toString('utf8')).toBe(
      '\x00PORTHOLE/1 {"name":"app.py","pid":123,"command":"python app.py","framed":true}\n',
    );
  });

  it.each([1, 2, 7, 4096])('round-trips hello, stdout, stderr and exit through the core reader in %i-byte chunks', (chunk) => {
    const wire = Buffer.concat([
      encodeHello(hello),
      encodeFrames(FRAME.stdout, Buffer.from('one\ntwo\n')),
      encodeFrames(FRAME.stderr, Buffer.from('oops\n')),
      encodeFrames(FRAME.stdout, Buffer.from('héllo\n')),
      encodeExit({ code: null, signal: 'SIGTERM' }),
    ]);
    const seen = readAsPorthole(wire, chunk);
    expect(seen.problems).toEqual([]);
    expect(seen.hello).toEqual([expect.objectContaining(hello)]);
    expect(seen.out).toBe('one\ntwo\nhéllo\n');
    expect(seen.err).toBe('oops\n');
    expect(seen.exit).toEqual([{ code: null, signal: 'SIGTERM' }]);
    expect(seen.plain).toBe('');
  });

  it('splits a payload over the frame limit into several frames', () => {
    const big = Buffer.alloc(FRAME_MAX_PAYLOAD * 2 + 10, 0x61);
    const wire = encodeFrames(FRAME.stdout, big);
    expect(wire.length).toBe(big.length + 3 * 5);
    const seen = readAsPorthole(Buffer.concat([encodeHello(hello), wire]), 65536);
    expect(seen.out.length).toBe(big.length);
    expect(seen.problems).toEqual([]);
  });

  it('reads echo frames (a pty password prompt) and the pty flag, ignoring a malformed echo payload', () => {
    const seen = readAsPorthole(Buffer.concat([
      encodeHello({ ...hello, pty: true }),
      encodeFrames(FRAME.stdout, Buffer.from('Password: ')),
      encodeFrames(FRAME.echo, Buffer.from('{"echo":false}')),
      encodeFrames(FRAME.echo, Buffer.from('{"echo":"no"}')),
      encodeFrames(FRAME.echo, Buffer.from('not json')),
      encodeFrames(FRAME.echo, Buffer.from('{"echo":true}')),
      encodeFrames(FRAME.stdout, Buffer.from('ok\n')),
    ]), 3);
    expect(seen.hello[0].pty).toBe(true);
    expect(seen.echo).toEqual([false, true]);
    expect(seen.out).toBe('Password: ok\n');
    expect(seen.problems).toEqual([]);
    expect(readAsPorthole(encodeHello({ ...hello, pty: 'yes' as unknown as boolean })).hello[0].pty).toBe(false);
  });

  it('writes an empty frame as a no-op (used to probe a closed session)', () => {
    const wire = encodeFrames(FRAME.stdout, Buffer.alloc(0));
    expect([...wire]).toEqual([1, 0, 0, 0, 0]);
    const seen = readAsPorthole(Buffer.concat([encodeHello(hello), wire, encodeFrames(FRAME.stdout, Buffer.from('x'))]));
    expect(seen.out).toBe('x');
  });

  it('shortens an over-long command line instead of exceeding the hello limit', () => {
    const line = encodeHello({ ...hello, command: 'x'.repeat(HELLO_MAX_BYTES * 2) });
    expect(line.length).toBeLessThanOrEqual(HELLO_MAX_BYTES);
    const json = JSON.parse(line.subarray(line.indexOf(0x20) + 1).toString('utf8')) as Hello;
    expect(json.command).toMatch(/^x{1000,}…$/);
    expect(readAsPorthole(line).hello).toHaveLength(1);
  });

  it.each([
    ['text', 'hello\nworld\n'],
    ['a NUL byte that is not the magic', '\x00hello\n'],
    ['the magic in lower case', '\x00porthole/1 {"framed":true}\n'],
    ['the magic not at the start', 'hi \x00PORTHOLE/1 {"framed":true}\n'],
    ['a prefix of the magic, then text', '\x00PORT-HOLE\n'],
  ])('leaves a plain client alone: %s', (_what, text) => {
    for (const chunk of [1, 3, 100]) {
      const seen = readAsPorthole(Buffer.from(text, 'latin1'), chunk);
      expect(seen.hello).toEqual([]);
      expect(seen.plain).toBe(text);
    }
  });
});
