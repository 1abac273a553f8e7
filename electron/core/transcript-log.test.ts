import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog, TranscriptLog, type LogRecord } from './transcript-log.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porthole-log-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => path.join(dir, `log-${++n}.jsonl`);

function written(records: LogRecord[]): { path: string; text: string } {
  const p = file();
  const log = new TranscriptLog(p);
  for (const r of records) log.write(r);
  log.close();
  return { path: p, text: fs.readFileSync(p, 'utf8') };
}

describe('the transcript log', () => {
  it('reads back every record; chunks of one stream in the same millisecond are one record', () => {
    const t = 1_800_000_000_000;
    const { path: p, text } = written([
      { t, note: 'connected from 127.0.0.1:5000' },
      { t, c: 'out', n: 10 },
      { t, c: 'out', n: 5 },
      { t: t + 1, c: 'out', n: 7 },
      { t: t + 1, c: 'err', n: 3 },
      { t: t + 1, c: 'out', n: 1 },
      { t: t + 40_000, c: 'sent', n: 4 },
      { t: t + 39_000, c: 'out', n: 2 },
      { t: t + 39_000, state: 'eof' },
      { t: t + 39_001, undelivered: [0, 4] },
    ]);
    expect(readLog(p)).toEqual([
      { t, note: 'connected from 127.0.0.1:5000' },
      { t, c: 'out', n: 15 },
      { t: t + 1, c: 'out', n: 7 },
      { t: t + 1, c: 'err', n: 3 },
      { t: t + 1, c: 'out', n: 1 },
      { t: t + 40_000, c: 'sent', n: 4 },
      // The clock went back: written in full.
      { t: t + 39_000, c: 'out', n: 2 },
      { t: t + 39_000, state: 'eof' },
      { t: t + 39_001, undelivered: [0, 4] },
    ]);
    expect(text.split('\n').slice(1, 4)).toEqual(['o0 15', 'o1 7', 'e0 3']);
  });

  it('a chunk first in the log is written in full, so a log read from its start has absolute times', () => {
    const { text } = written([{ t: 5, c: 'out', n: 1 }, { t: 6, c: 'out', n: 1 }]);
    expect(text).toBe('{"t":5,"c":"out","n":1}\no1 1\n');
  });

  it('costs under 2 bytes per received chunk in a flood', () => {
    const t = 1_800_000_000_000;
    const records: LogRecord[] = [{ t, note: 'connected' }];
    // 200,000 chunks over 2 seconds: 100 a millisecond, as a fast producer's lines arrive.
    for (let i = 0; i < 200_000; i++) records.push({ t: t + Math.floor(i / 100), c: 'out', n: 81 });
    const { path: p } = written(records);
    const size = fs.statSync(p).size;
    expect(size / 200_000).toBeLessThan(2);
    const back = readLog(p);
    expect(back.reduce((sum, r) => sum + ('c' in r ? r.n : 0), 0)).toBe(200_000 * 81);
  });

  it('skips a last line cut short by a crash, and garbled lines anywhere', () => {
    const p = file();
    fs.writeFileSync(p, '{"t":10,"note":"a"}\no2 100\n{"t":garbage\no1 5\no3 12');
    expect(readLog(p)).toEqual([
      { t: 10, note: 'a' },
      { t: 12, c: 'out', n: 100 },
      { t: 13, c: 'out', n: 5 },
    ]);
  });

  it('reads logs written one JSON object per chunk', () => {
    const p = file();
    fs.writeFileSync(p, '{"t":10,"c":"out","n":3}\n{"t":11,"c":"err","n":4}\ns2 1\n');
    expect(readLog(p)).toEqual([{ t: 10, c: 'out', n: 3 }, { t: 11, c: 'err', n: 4 }, { t: 13, c: 'sent', n: 1 }]);
  });
});
