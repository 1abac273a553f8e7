/** How `porthole run` reads its program's output: real pipes, read in large pieces during a flood. */
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputReader, PACE_MS } from '../electron/cli/run-pipes.ts';
import { startPorthole, texts, type TestPorthole } from './fixtures/porthole-core.ts';
import { porthole } from './fixtures/run-process.ts';

describe('porthole run output', () => {
  let ph: TestPorthole;
  beforeAll(async () => {
    ph = await startPorthole();
  });
  afterAll(async () => {
    await ph?.stop();
  });
  const run = (...args: string[]) => porthole(['run', '--port', String(ph.port), ...args]);

  it('gives the program pipes for stdout and stderr, as a shell pipeline does, and /dev/stdout opens', async () => {
    const r = run('--name', 'pipes', '--', 'python3', '-c', [
      'import os, stat, sys',
      'print(stat.S_ISFIFO(os.fstat(1).st_mode), stat.S_ISFIFO(os.fstat(2).st_mode))',
      'sys.stdout.flush()',
      "open('/dev/stdout', 'w').write('through /dev/stdout\\n')",
      "open('/dev/stderr', 'w').write('through /dev/stderr\\n')",
    ].join('\n'));
    const s = await ph.session('pipes');
    const rows = await ph.rowsUntil(s.id, (rows) => rows.some((x) => /exited with status 0/.test(x.text)));
    expect(texts(rows, 'out')).toEqual(['True True', 'through /dev/stdout']);
    expect(texts(rows, 'err')).toEqual(['through /dev/stderr']);
    expect((await r.done).code).toBe(0);
  });

  it('delivers a flood from an unbuffered program whole and in order, stderr apart', async () => {
    const lines = 60_000;
    const r = run('--name', 'flood', '--', 'python3', '-u', '-c', [
      'import sys',
      `for i in range(${lines}):`,
      "    print('line %06d of a flood that keeps coming' % i)",
      '    if i % 1000 == 999: print(\'err %d\' % i, file=sys.stderr)',
    ].join('\n'));
    const s = await ph.session('flood');
    expect((await r.done).code).toBe(0);
    const done = await ph.session((x) => x.id === s.id && x.exit !== undefined, 20_000);
    expect(done.exit).toEqual({ code: 0, signal: null });
    const rows = await ph.rows(s.id);
    const out = texts(rows, 'out');
    expect(out.length).toBe(lines);
    expect(out.every((t, i) => t === `line ${String(i).padStart(6, '0')} of a flood that keeps coming`)).toBe(true);
    expect(texts(rows, 'err')).toEqual(Array.from({ length: lines / 1000 }, (_, k) => `err ${k * 1000 + 999}`));
  }, 60_000);
});

describe('OutputReader', () => {
  it('holds nest: reading resumes only when every hold is released', () => {
    const stream = new PassThrough();
    const reader = new OutputReader(stream, false);
    stream.resume();
    reader.hold();
    reader.hold();
    expect(stream.isPaused()).toBe(true);
    reader.release();
    expect(stream.isPaused()).toBe(true);
    reader.release();
    expect(stream.isPaused()).toBe(false);
    reader.release(); // an extra release changes nothing
    reader.hold();
    expect(stream.isPaused()).toBe(true);
    reader.destroy();
  });

  it('reads a lone piece at once; pieces hard on each other wait PACE_MS, and a hold outlasts the pause', async () => {
    const stream = new PassThrough();
    const reader = new OutputReader(stream, true);
    stream.resume();
    reader.afterRead();
    expect(stream.isPaused()).toBe(false);
    reader.afterRead();
    expect(stream.isPaused()).toBe(true);
    await sleep(PACE_MS + 20);
    expect(stream.isPaused()).toBe(false);

    await sleep(PACE_MS + 5); // quiet: the next read is a lone one again
    reader.afterRead();
    expect(stream.isPaused()).toBe(false);
    reader.afterRead();
    reader.hold();
    await sleep(PACE_MS + 20);
    expect(stream.isPaused()).toBe(true);
    reader.release();
    expect(stream.isPaused()).toBe(false);
    reader.destroy();
  });

  it('never paces the socket pair it falls back to', () => {
    const stream = new PassThrough();
    const reader = new OutputReader(stream, false);
    stream.resume();
    reader.afterRead();
    reader.afterRead();
    expect(stream.isPaused()).toBe(false);
    reader.destroy();
  });
});
