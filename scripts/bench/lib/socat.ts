/** The terminal peer: socat (or ncat) listening on loopback and writing what it receives to a file. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { track } from './proc.ts';
import { freePort } from './sink.ts';

export interface FilePeer {
  name: 'socat' | 'ncat';
  port: number;
  /** Resolves when the peer exits after the connection ended. */
  exited: Promise<void>;
  kill(): void;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Which file-writing peer exists here, or null. */
export function filePeerName(): 'socat' | 'ncat' | null {
  if (has('socat')) return 'socat';
  if (has('ncat')) return 'ncat';
  return null;
}

export async function startFilePeer(file: string): Promise<FilePeer> {
  const name = filePeerName();
  if (!name) throw new Error('neither socat nor ncat is installed');
  const port = await freePort();
  const child: ChildProcess = track(
    name === 'socat'
      ? spawn('socat', ['-u', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, `CREATE:${file}`], { stdio: 'ignore' })
      : spawn('sh', ['-c', `exec ncat -l 127.0.0.1 ${port} > "$0"`, file], { stdio: 'ignore' }),
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await waitListening(port);
  return { name, port, exited, kill: () => child.exitCode == null && child.kill('SIGKILL') };
}

// The peer takes a moment to bind. Probing with a connection would use up the one
// connection it serves, so probe by trying to bind the port ourselves instead.
async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const inUse = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (inUse) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`file peer did not listen on port ${port}`);
}
