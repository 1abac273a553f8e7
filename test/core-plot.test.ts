/**
 * The plot commands through the core service, against a real Python client: the
 * series a script prints appear, decimated data links each point to its row, a live
 * session's new rows reach the plot, a pattern replaces automatic reading, and bad
 * requests get a clear message.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './helpers/core.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

let t: TestCore;
afterEach(async () => {
  await t?.close();
});
afterAll(() => removeTempDirs());

const CLIENT = `
import sys, time
from socket import socket, AF_INET, SOCK_STREAM
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
out = sock.makefile('w')
n = int(sys.argv[2])
for i in range(n):
    out.write('t=%d temp=%.1f hum=%d\\n' % (i, 20 + (i % 10) / 10, 40 + i % 3))
    if i % 500 == 0:
        out.write('a line without numbers\\n')
out.flush()
if len(sys.argv) > 3:
    sys.stdin = sock.makefile('r')
    sys.stdin.readline()
    out.write('t=%d temp=99.5 hum=1\\n' % n)
    out.flush()
`;

describe('plot commands', () => {
  it('plots what a script prints, each point linked to its row', async () => {
    t = await startCore();
    await expectExit0(runPython(CLIENT, [t.port, 5000]));
    const s = await t.session((x) => x.origin === 'accepted');
    const series = await waitFor('every row read', async () => {
      const r = await t.core.invoke('plot:series', { id: s.id });
      return r.series.find((x) => x.name === 'temp')?.points === 5000 && r;
    });
    expect(series.series.map((x) => x.name)).toEqual(['t', 'temp', 'hum']);
    const d = await t.core.invoke('plot:data', { id: s.id, series: ['temp', 'hum'], xMode: 'row', width: 200 });
    expect(d.lines.map((l) => l.name)).toEqual(['temp', 'hum']);
    for (const l of d.lines) expect(l.x.length).toBeLessThanOrEqual(400);
    // Each point's row says what the point says.
    const temp = d.lines[0];
    for (const k of [0, 17, temp.row.length - 1]) {
      const [row] = (await t.core.invoke('session:rows', { id: s.id, from: temp.row[k], to: temp.row[k] + 1 })).rows;
      expect(row.text).toContain(`temp=${temp.y[k].toFixed(1)}`);
    }
    expect(Math.min(...temp.y)).toBe(20);
    expect(Math.max(...temp.y)).toBe(20.9);
    const byTime = await t.core.invoke('plot:data', { id: s.id, series: ['temp'], xMode: 'time', width: 200 });
    expect(byTime.xMin).toBeGreaterThanOrEqual(s.startedAt);
    expect(byTime.xMax).toBeLessThanOrEqual(Date.now());
  });

  it('follows a live session, and reads with a pattern when given one', async () => {
    t = await startCore();
    const py = runPython(CLIENT, [t.port, 100, 'wait']);
    const s = await t.session((x) => x.origin === 'accepted');
    await waitFor('the first rows read', async () => (await t.core.invoke('plot:series', { id: s.id })).series.find((x) => x.name === 'temp')?.points === 100);
    await t.send(s.id, 'go');
    const last = await waitFor('the new row plotted', async () => {
      const d = await t.core.invoke('plot:data', { id: s.id, series: ['temp'], xMode: 'row', width: 50 });
      return d.lines[0].y.includes(99.5) && d;
    });
    expect(last.lines[0].y.at(-1)).toBe(99.5);
    await expectExit0(py);
    const r = await t.core.invoke('plot:pattern', { id: s.id, pattern: String.raw`hum=(?<humidity>\d+)` });
    expect(r.pattern).toBe(String.raw`hum=(?<humidity>\d+)`);
    const named = await waitFor('read with the pattern', async () => {
      const x = await t.core.invoke('plot:series', { id: s.id });
      return x.scanned >= x.count - 1 && x;
    });
    expect(named.series).toEqual([{ name: 'humidity', points: 101 }]);
    await expect(t.core.invoke('plot:pattern', { id: s.id, pattern: 'hum=(\\d+' })).rejects.toThrow(/not a valid regular expression/);
    await expect(t.core.invoke('plot:series', { id: 99 })).rejects.toThrow('there is no session 99');
  });

  it('exports the series as CSV pages merged by row', async () => {
    t = await startCore();
    await expectExit0(runPython(CLIENT, [t.port, 50]));
    const s = await t.session((x) => x.origin === 'accepted');
    await waitFor('every row read', async () => (await t.core.invoke('plot:series', { id: s.id })).series.find((x) => x.name === 'hum')?.points === 50);
    const page = await t.core.invoke('plot:csv', { id: s.id, columns: ['temp', 'hum'], fromRow: 0 });
    expect(page.next).toBe(-1);
    const lines = page.text.trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(lines[0]).toMatch(new RegExp(`^${s.id},\\d+,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,20,40$`));
    expect(lines[12].split(',').slice(3)).toEqual(['20.2', '40']);
  });
});
