/**
 * Problems that stop the window starting — a bad flag, a data folder that is a file
 * or cannot be written — end the main process with one sentence on stderr and in a
 * dialog, and exit status 2: never a stack trace, never a window.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startupMessage } from './startup-problem.ts';
import type { StandInState } from './testing/electron-stand-in.ts';
import { startMainProcess } from './testing/start-main.ts';

const dir = mkdtempSync(join(tmpdir(), 'porthole-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr: string[];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

async function failedStart(args: string[]): Promise<{ s: StandInState; message: string }> {
  mkdirSync(join(dir, 'user'), { recursive: true });
  const s = await startMainProcess({ args, userData: join(dir, 'user') });
  await vi.waitFor(() => expect(s.exits).toEqual([2]), { timeout: 10_000 });
  expect(s.windows).toEqual([]);
  const written = stderr.join('');
  // One line, the same sentence the dialog shows, and no stack.
  expect(written).toMatch(/^porthole: [^\n]+\n$/);
  expect(written).not.toMatch(/\bat .*:\d+:\d+/);
  const message = written.slice('porthole: '.length, -1);
  expect(s.errorBoxes).toEqual([['Porthole could not start', message]]);
  // The dialog comes once the app is ready (before that, Linux would only print it), then the exit.
  expect(s.log.slice(s.log.indexOf('ready'))).toEqual(expect.arrayContaining(['errorBox', 'exit 2']));
  expect(s.log.indexOf('errorBox')).toBeLessThan(s.log.indexOf('exit 2'));
  return { s, message };
}

describe('a start-up problem', () => {
  it('a bad flag: its message, before anything else starts', async () => {
    const { s, message } = await failedStart(['--port', 'nope']);
    expect(message).toBe("port must be a number from 0 to 65535, not 'nope'");
    expect(s.log).not.toContain('requestSingleInstanceLock');
  });

  it('a data folder that is a file', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const { message } = await failedStart(['--port', '0', '--data-dir', file]);
    expect(message).toContain(file);
  });

  const root = process.getuid?.() === 0;
  if (root) console.log('skipped: an unwritable data folder (running as root, whom permissions do not stop)');
  it.skipIf(root)('a data folder that cannot be written', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const { message } = await failedStart(['--port', '0', '--data-dir', join(locked, 'data')]);
      expect(message).toContain(locked);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

describe('startupMessage', () => {
  it.each([
    { err: new Error('the data folder /x is a file'), message: 'the data folder /x is a file' },
    { err: new Error('\n  first line  \nsecond line'), message: 'first line' },
    { err: 'a string', message: 'a string' },
    { err: new Error(''), message: 'Porthole could not start.' },
  ])('$err → $message', ({ err, message }) => {
    expect(startupMessage(err)).toBe(message);
  });
});
