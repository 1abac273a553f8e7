/**
 * Pressing Enter in the terminal of `porthole serve` asks for another one-time
 * address (a second browser, or the first one expired). Also works when standard
 * input is a pipe, which is how the tests ask for one: writing there takes the same
 * rights as running the server.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Presses read at once beyond this many are ignored (a pasted block, `yes |`). */
const MAX_PER_READ = 32;

/**
 * True unless this process is a background job of its terminal. A background job
 * that reads its terminal is stopped by SIGTTIN (`porthole serve &` would freeze).
 */
export function inForeground(): boolean {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pgrp = Number(fields[2]);
      const tpgid = Number(fields[5]);
      return tpgid <= 0 || tpgid === pgrp;
    }
    if (process.platform === 'win32') return true;
    const r = spawnSync('ps', ['-o', 'pgid=,tpgid=', '-p', String(process.pid)], { encoding: 'utf8', timeout: 2_000 });
    const [pgid, tpgid] = (r.stdout ?? '').trim().split(/\s+/).map(Number);
    return !(tpgid > 0 && pgid > 0 && tpgid !== pgid);
  } catch {
    return true;
  }
}

/**
 * Calls `onEnter` for each line read from `input`. Returns a function that stops
 * reading (so the process can exit).
 */
export function watchForEnter(input: NodeJS.ReadStream, onEnter: () => void): () => void {
  let stopped = false;
  let reading = false;
  const onData = (chunk: Buffer | string) => {
    const text = String(chunk);
    let presses = 0;
    for (let i = text.indexOf('\n'); i !== -1 && presses < MAX_PER_READ; i = text.indexOf('\n', i + 1)) presses++;
    for (let i = 0; i < presses && !stopped; i++) onEnter();
  };
  const onEnd = () => stop();
  const start = () => {
    if (stopped || reading) return;
    if (input.isTTY && !inForeground()) return;
    reading = true;
    input.on('data', onData);
    input.resume();
  };
  const pauseIfBackground = () => {
    if (!reading || !input.isTTY || inForeground()) return start();
    reading = false;
    input.off('data', onData);
    input.pause();
  };
  // `fg` and `bg` both continue a stopped job: read only when in the foreground.
  if (input.isTTY && process.platform !== 'win32') process.on('SIGCONT', pauseIfBackground);
  input.on('end', onEnd);
  input.on('error', onEnd);
  const stop = () => {
    if (stopped) return;
    stopped = true;
    input.off('data', onData);
    input.off('end', onEnd);
    // The 'error' listener stays: an error after stopping must not end the process.
    process.off('SIGCONT', pauseIfBackground);
    input.pause();
  };
  start();
  return stop;
}
