/**
 * Which program is on the other end of a loopback connection, when the OS can tell
 * (Linux, /proc): a classic script that connects with a bare socket then gets its own
 * name ("app.py") instead of "127.0.0.1:52508". The lookup reads /proc/net/tcp for the
 * socket's inode, then looks for the process holding it, newest processes first. It is
 * bounded (descriptors looked at, one lookup at a time, a short queue) and never delays
 * the connection: a name that cannot be found in time is simply not given.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { joinCommand } from './dialog/split-command.ts';

export interface PeerProgram {
  pid: number;
  /** What to call the session: the script for an interpreter ("app.py"), else the program. */
  name: string;
  /** The command line, words quoted where they need it (splitCommand reads it back). */
  command: string;
  /** The folder it runs in, when it can be read. */
  cwd?: string;
}

/** Descriptors examined per lookup at most; a machine with more gives up. */
const MAX_FDS_EXAMINED = 50_000;
const MAX_QUEUED = 16;

const INTERPRETERS = /^(python[\d.]*|pypy[\d.]*|node|nodejs|deno|bun|ruby[\d.]*|perl[\d.]*|php[\d.]*|bash|sh|dash|zsh|ksh|tclsh[\d.]*|lua[\d.]*|Rscript|java)$/;

/** "python3 -u app.py --x" → "app.py"; "/usr/bin/nc" → "nc". */
export function programName(argv: string[]): string {
  const exe = path.basename(argv[0] ?? '');
  if (INTERPRETERS.test(exe)) {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-m' || a === '-c' || a === '-e') return a === '-m' && argv[i + 1] ? argv[i + 1] : exe;
      if (!a.startsWith('-')) return path.basename(a);
    }
  }
  return exe;
}

/** "0100007F:C350" (little-endian IPv4) or the 32-hex-digit IPv6 form → "127.0.0.1", port. */
function parseProcAddress(text: string): { address: string; port: number } | null {
  const [hex, portHex] = text.split(':');
  if (!hex || !portHex) return null;
  const port = parseInt(portHex, 16);
  if (hex.length === 8) {
    const n = parseInt(hex, 16);
    return { address: [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.'), port };
  }
  if (hex.length === 32) {
    const words: string[] = [];
    for (let w = 0; w < 4; w++) {
      const le = hex.slice(w * 8, w * 8 + 8);
      const be = le.slice(6, 8) + le.slice(4, 6) + le.slice(2, 4) + le.slice(0, 2);
      words.push(be.slice(0, 4), be.slice(4, 8));
    }
    const full = words.map((x) => x.replace(/^0+(?=.)/, '').toLowerCase()).join(':');
    // ::ffff:127.0.0.1 and ::1 are what loopback peers look like here.
    const v4 = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(full);
    if (v4) {
      const hi = parseInt(v4[1], 16);
      const lo = parseInt(v4[2], 16);
      return { address: [hi >>> 8, hi & 255, lo >>> 8, lo & 255].join('.'), port };
    }
    return { address: full === '0:0:0:0:0:0:0:1' ? '::1' : full, port };
  }
  return null;
}

const sameAddress = (a: string, b: string) => a.replace(/^::ffff:/, '') === b.replace(/^::ffff:/, '');

/** The inode of the socket whose own end is `peer` and whose other end is `local`. */
async function socketInode(peer: { address: string; port: number }, local: { address: string; port: number }): Promise<string | null> {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await fs.readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const a = parseProcAddress(cols[1]);
      const b = parseProcAddress(cols[2]);
      if (a && b && a.port === peer.port && b.port === local.port && sameAddress(a.address, peer.address) && sameAddress(b.address, local.address)) {
        return cols[9] !== '0' ? cols[9] : null;
      }
    }
  }
  return null;
}

async function pidHolding(inode: string): Promise<number | null> {
  const want = `socket:[${inode}]`;
  let pids: number[];
  try {
    pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number).sort((a, b) => b - a);
  } catch {
    return null;
  }
  let examined = 0;
  for (const pid of pids) {
    if (pid === process.pid) continue;
    let fds: string[];
    try {
      fds = await fs.readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      if (++examined > MAX_FDS_EXAMINED) return null;
      try {
        if ((await fs.readlink(`/proc/${pid}/fd/${fd}`)) === want) return pid;
      } catch {
        // The descriptor or the process went away.
      }
    }
  }
  return null;
}

async function lookup(peer: { address: string; port: number }, local: { address: string; port: number }): Promise<PeerProgram | null> {
  const inode = await socketInode(peer, local);
  if (!inode) return null;
  const pid = await pidHolding(inode);
  if (pid === null) return null;
  let argv: string[];
  try {
    argv = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((a) => a !== '');
  } catch {
    return null;
  }
  if (argv.length === 0) return null;
  const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return { pid, name: programName(argv), command: joinCommand(argv), ...(cwd ? { cwd } : {}) };
}

let chain: Promise<unknown> = Promise.resolve();
let queued = 0;

/** The program at the other end of a loopback TCP connection, or null (not Linux, not local, not found, too busy). */
export function peerProgram(peer: { address: string; port: number }, local: { address: string; port: number }): Promise<PeerProgram | null> {
  if (process.platform !== 'linux' || queued >= MAX_QUEUED) return Promise.resolve(null);
  queued++;
  const next = chain.then(() => lookup(peer, local)).catch(() => null).finally(() => queued--);
  chain = next;
  return next;
}
