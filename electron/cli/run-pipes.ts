/**
 * How `porthole run` reads the program's stdout and stderr.
 *
 * Node gives a child's stdio a socket pair, and a program that writes in small pieces
 * (`python -u`, line-buffered C stdio: what `porthole run` asks for) pays for every
 * write there: each write is a socket buffer of its own, a few hundred of them fill the
 * socket, and every one wakes the reader. Measured on two cores, `python3 -u` printing
 * lines into a socket pair ran at about half the speed of the same script into `| cat`.
 *
 * So the program writes into real pipes: FIFOs made by mkfifo(1) in a private directory
 * and unlinked as soon as both ends are open (Node cannot make an anonymous pipe).
 * Small writes share a pipe's pages, and while output keeps coming the reader stops
 * reading for PACE_MS after each read, so the program fills the pipe without waking
 * anyone and each read takes many lines at once. Output after a quiet moment (a prompt,
 * a line a second) is read at once. Where FIFOs cannot be made (no mkfifo, Windows) the
 * socket pair is used as before.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** How long reading stops after a read that came hard on the previous one. */
export const PACE_MS = 1;
/** Bytes a read takes at most: a full pipe. */
const READ_BYTES = 64 * 1024;

/** One of the program's output streams: its data goes to a callback; reading can be held. */
export class OutputReader {
  private holds = 0;
  private pacing: NodeJS.Timeout | undefined;
  private lastRead = -Infinity;

  constructor(readonly stream: Readable, private readonly paced: boolean) {}

  /** Stops reading until a matching release() (holds nest). */
  hold(): void {
    if (this.holds++ === 0) this.update();
  }

  release(): void {
    if (this.holds > 0 && --this.holds === 0) this.update();
  }

  /** Called after each read: in a flood, lets the pipe fill for PACE_MS before the next. */
  afterRead(): void {
    if (!this.paced) return;
    const now = performance.now();
    if (!this.pacing && now - this.lastRead < PACE_MS) {
      this.pacing = setTimeout(() => {
        this.pacing = undefined;
        this.update();
      }, PACE_MS);
      this.update();
    }
    this.lastRead = now;
  }

  destroy(): void {
    clearTimeout(this.pacing);
    this.pacing = undefined;
    this.stream.destroy();
  }

  private update(): void {
    if (this.stream.destroyed) return;
    if (this.holds > 0 || this.pacing) this.stream.pause();
    else this.stream.resume();
  }
}

export interface ProgramOutput {
  /** What to give the child as its stdout and stderr. */
  stdio: [number, number] | ['pipe', 'pipe'];
  /** Call once the child is spawned (or failed to spawn): attaches readers; closes this process's copies of the write ends. */
  attach(child: { stdout: Readable | null; stderr: Readable | null }): { stdout: OutputReader; stderr: OutputReader };
}

/** Pipes for the program's output, read into `onStdout` and `onStderr`. */
export function programOutput(onStdout: (data: Buffer) => void, onStderr: (data: Buffer) => void): ProgramOutput {
  const fifos = openFifos();
  if (!fifos) {
    return {
      stdio: ['pipe', 'pipe'],
      attach(child) {
        const wrap = (stream: Readable, onData: (d: Buffer) => void) => {
          stream.on('data', onData);
          return new OutputReader(stream, false);
        };
        return { stdout: wrap(child.stdout!, onStdout), stderr: wrap(child.stderr!, onStderr) };
      },
    };
  }
  return {
    stdio: [fifos[0].write, fifos[1].write],
    attach() {
      const readers = fifos.map(({ read, write }, i) => {
        closeSync(write);
        const onData = i === 0 ? onStdout : onStderr;
        const buffer = Buffer.allocUnsafe(READ_BYTES);
        // onread: reads into one buffer, and pause() really stops reading (not only emitting).
        const stream = new net.Socket({
          fd: read,
          readable: true,
          writable: false,
          onread: {
            buffer,
            callback: (n: number) => {
              onData(Buffer.from(buffer.subarray(0, n)));
              reader.afterRead();
              return true;
            },
          },
        });
        const reader = new OutputReader(stream, true);
        return reader;
      });
      return { stdout: readers[0], stderr: readers[1] };
    },
  };
}

/** Two FIFOs, open at both ends and already unlinked, or null where that cannot be done. */
function openFifos(): { read: number; write: number }[] | null {
  if (process.platform === 'win32') return null;
  const fds: number[] = [];
  let dir: string | undefined;
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), 'porthole-run-'));
    const paths = [path.join(dir, 'stdout'), path.join(dir, 'stderr')];
    const made = spawnSync('mkfifo', ['-m', '600', ...paths], { stdio: 'ignore', timeout: 5_000 });
    if (made.status !== 0) return null;
    return paths.map((p) => {
      // The read end first and without blocking; then opening the write end cannot block either.
      const read = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
      fds.push(read);
      const write = openSync(p, constants.O_WRONLY);
      fds.push(write);
      return { read, write };
    });
  } catch {
    for (const fd of fds) closeSync(fd);
    return null;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
