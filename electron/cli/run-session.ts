/**
 * The life of one `porthole run`: the program's stdout and stderr become frames on
 * the socket, the socket's bytes become its stdin, and the ends of either side are
 * passed on (Send EOF closes stdin, a closed session stops the program, the program's
 * exit becomes an exit frame).
 */
import { spawn } from 'node:child_process';
import type net from 'node:net';
import os from 'node:os';
import { FRAME } from '../../shared/hello.ts';
import type { ExitStatus } from '../../shared/types.ts';
import { lineBufferedLaunch } from './run-buffering.ts';
import { encodeExit, encodeFrames, encodeHello } from './run-frames.ts';
import { LineJoiner } from './run-line-joiner.ts';
import { programOutput } from './run-pipes.ts';

export interface SessionOptions {
  program: string;
  args: string[];
  name: string;
  command: string;
  encoding?: string;
  tee: boolean;
  graceMs: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * After Porthole's FIN we cannot tell Send EOF (half-close) from a closed session
 * without writing: an empty frame (a no-op by the protocol) written into a fully
 * closed connection comes back as a reset, which ends the session here.
 */
const PROBE_MS = 500;
/** Time for the last bytes to leave before the socket is destroyed. */
const LINGER_MS = 200;

export function exitStatusCode(status: ExitStatus): number {
  if (status.code !== null) return status.code;
  const n = status.signal ? os.constants.signals[status.signal as NodeJS.Signals] : undefined;
  return 128 + (n ?? 1);
}

export function runAttached(socket: net.Socket, opts: SessionOptions): Promise<number> {
  return new Promise((resolve) => {
    const launch = lineBufferedLaunch(opts.program, opts.args, opts.env);
    const output = programOutput(
      (d) => {
        outLines.push(d);
        if (opts.tee) process.stdout.write(d);
      },
      (d) => {
        errLines.push(d);
        if (opts.tee) process.stderr.write(d);
      },
    );
    // A process group of its own: a Ctrl-C in run's terminal reaches run only, and run
    // passes it on to the whole group, so the program does not see it twice.
    const child = spawn(launch.file, launch.args, { env: launch.env, stdio: ['pipe', ...output.stdio], detached: true });
    const { stdout, stderr } = output.attach(child);
    const stdin = child.stdin!;
    // The hello must be the connection's first bytes, before any output is framed.
    socket.write(encodeHello({
      name: opts.name,
      pid: child.pid,
      command: opts.command,
      cwd: process.cwd(),
      framed: true,
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
    }));

    let socketOpen = true;
    let exited = false;
    let probe: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const write = (frames: Buffer) => {
      if (!socketOpen) return;
      if (!socket.write(frames)) {
        // Porthole reads continuously, so this is brief; pausing keeps memory bounded for floods.
        stdout.hold();
        stderr.hold();
        socket.once('drain', () => {
          stdout.release();
          stderr.release();
        });
      }
    };
    const outLines = new LineJoiner((d) => write(encodeFrames(FRAME.stdout, d)));
    const errLines = new LineJoiner((d) => write(encodeFrames(FRAME.stderr, d)));

    // The program may stop reading or exit while Porthole still sends: not an error.
    stdin.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      if (exited || stdin.destroyed) return;
      if (!stdin.write(d)) {
        socket.pause();
        stdin.once('drain', () => socket.resume());
      }
    });
    socket.on('end', () => {
      stdin.end();
      if (!exited) probe = setInterval(() => socketOpen && socket.write(encodeFrames(FRAME.stdout, Buffer.alloc(0))), PROBE_MS);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      socketOpen = false;
      clearInterval(probe);
      if (!exited) stop('SIGTERM');
      else if (status) resolve(exitStatusCode(status));
    });

    /** Polite signal to the program's group now, SIGKILL after the grace period (or at once if asked twice). */
    const stop = (signal: NodeJS.Signals) => {
      if (exited) return;
      if (killTimer) {
        signalGroup('SIGKILL');
        return;
      }
      signalGroup(signal);
      killTimer = setTimeout(() => signalGroup('SIGKILL'), opts.graceMs);
    };
    const signalGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        try {
          child.kill(signal);
        } catch {
          /* already gone */
        }
      }
    };
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    const handled: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of handled) process.on(s, onSignal);

    let status: ExitStatus | undefined;
    const finish = (st: ExitStatus) => {
      if (status) return;
      status = st;
      exited = true;
      clearInterval(probe);
      clearTimeout(killTimer);
      for (const s of handled) process.removeListener(s, onSignal);
      outLines.flush();
      errLines.flush();
      // A background grandchild may still hold the pipes; they must not keep run alive.
      setTimeout(() => [stdin, stdout, stderr].forEach((s) => s.destroy()), LINGER_MS).unref();
      if (!socketOpen) {
        resolve(exitStatusCode(st));
        return;
      }
      socket.write(encodeExit(st));
      socket.end();
      socket.once('finish', () => setTimeout(() => socket.destroy(), LINGER_MS));
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      errLines.push(Buffer.from(`porthole run: cannot start ${opts.program}: ${err.message}\n`));
      process.stderr.write(`porthole run: cannot start ${opts.program}: ${err.message}\n`);
      finish({ code: err.code === 'ENOENT' ? 127 : 126, signal: null });
    });
    // 'exit' then the pipes: output written just before exiting must still be sent, but a
    // background grandchild holding the pipes open must not keep run alive.
    child.on('exit', (code, signal) => {
      const st = { code, signal };
      let done = 0;
      const drained = () => ++done === 2 && finish(st);
      for (const s of [stdout.stream, stderr.stream]) {
        if (s.readableEnded || s.destroyed) drained();
        else s.once('end', drained).once('close', () => s.readableEnded || drained());
      }
      setTimeout(() => finish(st), 1000).unref();
    });
  });
}
