/** Session churn rows (part of `npm run bench:core`): many short scripts into `porthole listen`, beside `ncat -lk`. */
import { hasCommand, startNcat, startPortholeListen } from '../lib/line-servers.ts';
import type { BenchOptions } from '../lib/options.ts';
import { makeRow, type Expected, type Report } from '../lib/report.ts';
import { MB } from '../lib/stats.ts';
import { churn, type ChurnResult } from '../measure/churn.ts';
import { log } from './baselines.ts';
import { TARGETS } from './targets.ts';

/** Lines each script prints before it exits. */
const LINES = 2;

export async function churnSection(report: Report, opts: BenchOptions): Promise<void> {
  const { churnSessions: n, churnWarmup: warmup } = opts.sizes;
  const label = `churn of ${n.toLocaleString('en-US')} scripts (connect, ${LINES} lines, exit)`;
  const rows: Expected[] = [
    { item: '8', measure: `${label}: sessions complete`, unit: '', target: TARGETS.scale },
    { item: '8', measure: `${label}: total time, porthole listen`, unit: 's' },
    { item: '8', measure: `${label}: open descriptors after`, unit: '', target: TARGETS.churnFds },
    { item: '8', measure: `${label}: RSS after`, unit: 'MB' },
    { item: '8', measure: `${label}: RSS growth per finished session`, unit: 'B', target: TARGETS.churnRssPerSession },
  ];
  log(`session churn: ${n} scripts into porthole listen`);
  await report.section(rows, async () => {
    rows[0].baseline = { name: 'scripts', value: n };
    const listen = await startPortholeListen();
    let r: ChurnResult;
    try {
      r = await churn(listen, n, LINES, warmup);
    } finally {
      await listen.close();
    }

    log(`session churn: ${n} scripts into ncat -lk`);
    let ncat: ChurnResult | null = null;
    let ncatWhy = '';
    if (!hasCommand('ncat')) ncatWhy = 'ncat is not installed';
    else {
      try {
        const server = await startNcat();
        try {
          ncat = await churn(server, n, LINES, 0);
        } finally {
          await server.close();
        }
        if (ncat.complete < n) ncatWhy = `ncat printed ${ncat.complete} of ${n} scripts' lines`;
      } catch (err) {
        ncatWhy = err instanceof Error ? err.message.split('\n')[0] : String(err);
      }
    }

    const complete = Math.min(r.complete, r.transcriptsComplete ?? r.complete);
    const lost = [
      r.complete < n ? `${r.complete} printed in full` : '',
      r.transcriptsComplete != null && r.transcriptsComplete < n ? `${r.transcriptsComplete} in full in their transcripts` : '',
      r.errors ? `${r.errors} could not connect or send (${r.firstError})` : '',
    ].filter(Boolean).join('; ');
    const timeNote = ncatWhy
      ? `ncat baseline not available: ${ncatWhy}`
      : ncat && ncat.listenDrops > 0
        ? `${ncat.listenDrops} SYNs dropped for full accept queues during the ncat run (its backlog is 10; 1 s retry each)`
        : undefined;
    const ncatValid = ncat && !ncatWhy ? ncat : null;
    return [
      makeRow({ ...rows[0], value: complete, note: lost || undefined, extra: { printed: r.complete, inTranscripts: r.transcriptsComplete ?? 'n/a', transcripts: r.transcripts ?? 'n/a', errors: r.errors } }),
      makeRow({
        ...rows[1],
        value: r.ms / 1000,
        baseline: { name: ncatValid ? 'ncat -lk' : 'ncat -lk (not available)', value: ncatValid ? ncatValid.ms / 1000 : null },
        note: timeNote,
        extra: { portholeListenDrops: r.listenDrops, ncatListenDrops: ncat?.listenDrops ?? 'n/a', ncatRssMB: ncat ? ncat.rssAfter / MB : 'n/a' },
      }),
      makeRow({ ...rows[2], value: r.fdsAfter, baseline: { name: 'before', value: r.fdsBefore } }),
      makeRow({ ...rows[3], value: r.rssAfter / MB, baseline: { name: 'before', value: r.rssBefore / MB } }),
      makeRow({
        ...rows[4],
        value: (r.rssAfter - r.rssWarm) / n,
        note: `after ${warmup} untimed scripts`,
        extra: { rssAfterWarmupMB: r.rssWarm / MB, rssAfterMB: r.rssAfter / MB },
      }),
    ];
  });
}
