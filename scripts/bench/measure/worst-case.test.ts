// The hostile producer writes what each worst-case row says, to a real socket.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HERE, spawnJson } from '../lib/proc.ts';
import { startRawSink } from '../lib/sink.ts';

async function capture(kind: string, bytes: number): Promise<Buffer> {
  const sink = await startRawSink();
  try {
    const chunks: Buffer[] = [];
    sink.onData = (c) => chunks.push(Buffer.from(c));
    const p = spawnJson(process.execPath, [path.join(HERE, 'hostile.js'), '--port', String(sink.port), '--kind', kind, '--bytes', String(bytes), '--marker', 'END-x']);
    const conn = await sink.nextConnection();
    await conn.ended;
    await p.next('done', 10_000);
    return Buffer.concat(chunks);
  } finally {
    await sink.close();
  }
}

describe('hostile.js', () => {
  it.each(['plain', 'sgr', 'nul', 'longline', 'progress'])('%s: the asked size, then the marker on a line of its own', async (kind) => {
    const bytes = 3_000_000;
    const out = await capture(kind, bytes);
    expect(out.length).toBe(bytes + '\nEND-x\n'.length);
    expect(out.subarray(bytes).toString()).toBe('\nEND-x\n');
    const body = out.subarray(0, bytes);
    const newlines = body.filter((b) => b === 10).length;
    if (kind === 'plain') expect(newlines).toBe(bytes / 80);
    if (kind === 'nul') expect(body.every((b) => b === 0)).toBe(true);
    if (kind === 'longline') expect(newlines).toBe(0);
    if (kind === 'sgr') expect(body.subarray(0, 30_000).filter((b) => b === 0x1b).length).toBeGreaterThan(4_000);
    if (kind === 'progress') {
      expect(body.subarray(0, 700_000).filter((b) => b === 13).length).toBeGreaterThanOrEqual(10_000);
      expect(newlines).toBeGreaterThan(0);
    }
  });
});
