/**
 * `porthole run --pty`: the program runs on a pseudo-terminal, so programs that ask
 * `isatty()` behave as in a terminal — Python's `>>>`, password prompts, progress bars,
 * colour. The terminal merges stdout and stderr into one stream (sent as stdout), and
 * its line discipline echoes what is typed, as a terminal does.
 *
 * The pty comes from @lydell/node-pty (see core/pty-module.ts), loaded only when
 * --pty is asked for; where it cannot load, `run --pty` says why.
 *
 * Password prompts: when the program turns the terminal's echo off (getpass, `read -s`,
 * sudo), Porthole is told with an echo frame, so the window can show that what is typed
 * will not be echoed and keep the secret out of the transcript. The echo flag is read
 * from outside with `stty -F` (Linux) / `stty -f` (macOS) on the terminal's device, each
 * time output pauses and after each reply, since a program changes it just before it
 * reads.
 */
import { execFile } from 'node:child_process';
import type net from 'node:net';
import os from 'node:os';
import { FRAME } from '../../shared/hello.ts';
import type { ExitStatus } from '../../shared/types.ts';
import { encodeExit, encodeFrames, encodeHello } from './run-frames.ts';
import type { SessionOptions } from './run-session.ts';
import { exitStatusCode } from './run-session.ts';

import type { PtyModule } from '../core/pty-module.ts';
type Pty = ReturnType<PtyModule['spawn']>;

/** The terminal's size when `porthole run` has no terminal of its own to copy. */
export const DEFAULT_COLS = 120;
export const DEFAULT_ROWS = 32;
/** Output quiet this long: the program may be waiting for input; read the echo flag. */
const ECHO_CHECK_MS = 120;
const LINGER_MS = 200;

export { loadPty } from '../core/pty-module.ts';

/** Whether the terminal at `device` echoes what is typed; null when that cannot be read. */
export function readEcho(device: string): Promise<boolean | null> {
  const flag = process.platform === 'darwin' ? '-f' : '-F';
  return new Promise((resolve) => {
    execFile('stty', [flag, device, '-a'], { timeout: 2_000 }, (err, stdout) => {
      if (err) return resolve(null);
      const words = stdout.split(/\s+/);
      if (words.includes('-echo')) resolve(false);
      else if (words.includes('echo')) resolve(true);
      else resolve(null);
    });
  });
}

export interface PtySize {
  cols: number;
  rows: number;
}

/** The size of this process's terminal, else the default. */
export function terminalSize(): PtySize {
  const out = process.stdout;
  if (out.isTTY && out.columns > 0 && out.rows > 0) return { cols: out.columns, rows: out.rows };
  return { cols: DEFAULT_COLS, rows: DEFAULT_ROWS };
}

export function runAttachedPty(socket: net.Socket, ptyModule: PtyModule, opts: SessionOptions & { size: PtySize }): Promise<number> {
  return new Promise((resolve) => {
    let pty: Pty;
    try {
      pty = ptyModule.spawn(opts.program, opts.args, {
        name: 'xterm-256color',
        cols: opts.size.cols,
        rows: opts.size.rows,
        cwd: process.cwd(),
        env: { ...(opts.env ?? process.env), TERM: 'xterm-256color' } as Record<string, string>,
        // Bytes, not strings: the session decodes them with its own encoding.
        encoding: null,
      } as Parameters<PtyModule['spawn']>[2]);
    } catch (err) {
      const why = `porthole run: cannot start ${opts.program} on a terminal: ${(err as Error).message}\n`;
      process.stderr.write(why);
      // Said in the session too, which would otherwise only show that it closed.
      socket.once('close', () => resolve(126));
      socket.on('error', () => undefined);
      socket.end(Buffer.concat([
        encodeHello({ name: opts.name, command: opts.command, cwd: process.cwd(), framed: true, pty: true }),
        encodeFrames(FRAME.stderr, Buffer.from(why)),
        encodeExit({ code: 126, signal: null }),
      ]));
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
      return;
    }
    socket.write(encodeHello({ name: opts.name, pid: pty.pid, command: opts.command, cwd: process.cwd(), framed: true, pty: true, ...(opts.encoding ? { encoding: opts.encoding } : {}) }));

    let socketOpen = true;
    let exited = false;
    let echo: boolean | null = true;
    let echoTimer: NodeJS.Timeout | undefined;
    let checking = false;
    const device = (pty as Pty & { ptsName?: string }).ptsName;

    const send = (frames: Buffer) => {
      if (!socketOpen) return;
      if (!socket.write(frames)) {
        pty.pause();
        socket.once('drain', () => pty.resume());
      }
    };
    /** Reads the echo flag once output has been quiet a moment; tells Porthole when it changed. */
    const checkEchoSoon = () => {
      if (!device || exited) return;
      clearTimeout(echoTimer);
      echoTimer = setTimeout(async () => {
        if (checking || exited) return;
        checking = true;
        const now = await readEcho(device);
        checking = false;
        if (now !== null && now !== echo && !exited) {
          echo = now;
          send(encodeFrames(FRAME.echo, Buffer.from(JSON.stringify({ echo: now }))));
        }
      }, ECHO_CHECK_MS);
    };

    pty.onData((d: string | Buffer) => {
      const bytes = typeof d === 'string' ? Buffer.from(d, 'utf8') : d;
      send(encodeFrames(FRAME.stdout, bytes));
      if (opts.tee) process.stdout.write(bytes);
      checkEchoSoon();
    });
    socket.on('data', (d: Buffer) => {
      if (exited) return;
      // The bytes as sent (write takes a Buffer too, though typed for strings).
      pty.write(d as unknown as string);
      checkEchoSoon();
    });
    // Send EOF on a terminal is Ctrl-D: the line discipline ends the program's read.
    socket.on('end', () => {
      if (!exited) pty.write('\x04');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      socketOpen = false;
      if (!exited) {
        try {
          pty.kill('SIGHUP');
        } catch {
          /* already gone */
        }
        killTimer = setTimeout(() => {
          try {
            pty.kill('SIGKILL');
          } catch {
            /* already gone */
          }
        }, opts.graceMs);
      } else if (status) resolve(exitStatusCode(status));
    });
    let killTimer: NodeJS.Timeout | undefined;

    const onSignal = (signal: NodeJS.Signals) => {
      try {
        pty.kill(signal);
      } catch {
        /* already gone */
      }
    };
    const handled: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of handled) process.on(s, onSignal);

    let status: ExitStatus | undefined;
    pty.onExit(({ exitCode, signal }) => {
      if (status) return;
      // node-pty gives the signal as a number (0: none).
      const name = signal ? signalName(signal) : null;
      status = { code: name ? null : exitCode, signal: name };
      exited = true;
      clearTimeout(echoTimer);
      clearTimeout(killTimer);
      for (const s of handled) process.removeListener(s, onSignal);
      if (!socketOpen) {
        resolve(exitStatusCode(status));
        return;
      }
      socket.write(encodeExit(status));
      socket.end();
      socket.once('finish', () => setTimeout(() => socket.destroy(), LINGER_MS));
    });
  });
}

function signalName(n: number): string {
  const found = Object.entries(os.constants.signals).find(([, v]) => v === n);
  return found ? found[0] : `signal ${n}`;
}
