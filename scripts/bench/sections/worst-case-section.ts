/** Worst-case rendering rows (part of `npm run bench:ui`): hostile output beside plain text of the same size. */
import type { Page } from 'playwright-core';
import type { App } from '../lib/app.ts';
import type { BenchOptions } from '../lib/options.ts';
import { makeRow, type BenchRow, type Expected, type Report } from '../lib/report.ts';
import { worstCase, type HostileKind, type WorstCaseResult } from '../measure/worst-case.ts';
import { log } from './baselines.ts';
import { TARGETS } from './targets.ts';

const size = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

export async function worstCaseSection(report: Report, opts: BenchOptions, needApp: () => Promise<{ app: App; page: Page }>): Promise<void> {
  const s = opts.sizes;
  const timeoutMs = opts.quick ? 30_000 : 15 * 60_000;
  const kinds: Array<{ kind: Exclude<HostileKind, 'plain'>; bytes: number; label: string }> = [
    { kind: 'sgr', bytes: s.hostileBytes, label: `SGR bomb (${size(s.hostileBytes)}, 4,000 colour codes a row)` },
    { kind: 'nul', bytes: s.hostileBytes, label: `NUL flood (${size(s.hostileBytes)} of \\0)` },
    { kind: 'longline', bytes: s.longLineBytes, label: `${size(s.longLineBytes)} line without a newline` },
    { kind: 'progress', bytes: s.hostileBytes, label: `\\r progress lines (${size(s.hostileBytes)}, 10,000 updates a line)` },
  ];

  // The baseline for each size, measured once.
  const plain = new Map<number, Promise<WorstCaseResult>>();
  const plainOf = async (bytes: number): Promise<{ r: WorstCaseResult | null; why: string }> => {
    try {
      if (!plain.has(bytes)) {
        log(`worst case: plain text, ${size(bytes)}`);
        const { app, page } = await needApp();
        plain.set(bytes, worstCase(page, app, 'plain', bytes, timeoutMs));
      }
      return { r: await plain.get(bytes)!, why: '' };
    } catch (err) {
      return { r: null, why: err instanceof Error ? err.message.split('\n')[0] : String(err) };
    }
  };

  const measured: WorstCaseResult[] = [];
  for (const k of kinds) {
    const rows: Expected[] = [
      { item: '9', measure: `worst case, ${k.label}: longest task while streaming`, unit: 'ms', target: TARGETS.longTask },
      { item: '9', measure: `worst case, ${k.label}: longest task jumping to the top`, unit: 'ms', target: TARGETS.longTask },
    ];
    await report.section(rows, async () => {
      const base = await plainOf(k.bytes);
      const baseName = `plain text, ${size(k.bytes)}${base.r ? '' : ' (not available)'}`;
      rows[0].baseline = { name: baseName, value: base.r?.streaming.longestTaskMs ?? null };
      rows[1].baseline = { name: baseName, value: base.r?.jump.longestTaskMs ?? null };
      log(`worst case: ${k.label}`);
      const { app, page } = await needApp();
      const r = await worstCase(page, app, k.kind, k.bytes, timeoutMs);
      measured.push(r);
      const note = base.why ? `plain-text baseline not available: ${base.why}` : undefined;
      return [
        makeRow({ ...rows[0], value: r.streaming.longestTaskMs, note, extra: { longTasks: r.streaming.longTasks, longestFrameGapMs: r.streaming.longestFrameGapMs, seconds: r.streaming.ms / 1000 } }),
        makeRow({ ...rows[1], value: r.jump.longestTaskMs, note, extra: { longTasks: r.jump.longTasks, longestFrameGapMs: r.jump.longestFrameGapMs } }),
      ];
    });
  }

  // The frame gaps of every hostile input in one row per phase: the worst, beside plain text's.
  const gapRows: Expected[] = [
    { item: '9', measure: 'worst case, all four: longest gap between frames while streaming', unit: 'ms' },
    { item: '9', measure: 'worst case, all four: longest gap between frames jumping to the top', unit: 'ms' },
  ];
  await report.section(gapRows, async () => {
    if (measured.length === 0) throw new Error('no hostile input was measured');
    const base = await plainOf(s.hostileBytes);
    const row = (e: Expected, pick: (r: WorstCaseResult) => number): BenchRow => {
      const worst = measured.reduce((a, b) => (pick(b) > pick(a) ? b : a));
      const extra = Object.fromEntries(measured.map((r) => [r.kind, pick(r)]));
      return makeRow({
        ...e,
        value: pick(worst),
        baseline: { name: `plain text, ${size(s.hostileBytes)}`, value: base.r ? pick(base.r) : null },
        note: `worst: ${worst.kind}${measured.length < kinds.length ? `; ${kinds.length - measured.length} input(s) not measured` : ''}`,
        extra,
      });
    };
    return [row(gapRows[0], (r) => r.streaming.longestFrameGapMs), row(gapRows[1], (r) => r.jump.longestFrameGapMs)];
  });
}
