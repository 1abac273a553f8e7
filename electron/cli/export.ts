/** `porthole export SESSION --format dialog|text|jsonl [-o FILE]`: a recorded session, from the data folder. */
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { writeDialog } from '../../shared/dialog.ts';
import { dialogFromTranscript, ProposeError } from '../core/dialog/from-transcript.ts';
import { codecFor, isKnownEncoding } from '../core/encoding.ts';
import { exportRows } from '../core/export.ts';
import { readBookmarks } from '../core/bookmarks.ts';
import { writeQaReport } from '../core/qa-report.ts';
import { UsageError } from '../core/options.ts';
import { readMeta } from '../core/past.ts';
import { RowStore } from '../core/row-store.ts';
import { findSession, parseDataDirArgs } from './sessions.ts';

export const EXPORT_HELP = `usage: porthole export SESSION [--format dialog|text|jsonl|report] [-o FILE] [--data-dir D]
                       [--cwd DIR] [--no-masks]

Writes a recorded session (live or past; works while Porthole runs). SESSION is a key,
a unique start of a key, or a session name (porthole sessions lists them).

  --format dialog   a dialog file to replay as a test (docs/dialogs.md): each reply a
                    step, the output before it the expectation, volatile parts masked
  --format text     the transcript as text (default)
  --format jsonl    one JSON object a row
  --format report   the QA report (Markdown): the program, the dialog's steps, the
                    bookmarked rows with their notes and context
  -o FILE           write to FILE instead of standard output
  --cwd DIR         dialog: the working directory to record for the program
  --no-masks        dialog: expect every line exactly, propose no masks
`;

function finish(out: Writable, toFile: boolean): Promise<void> {
  if (!toFile) return Promise.resolve();
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

export async function main(argv: string[]): Promise<number> {
  const args = parseDataDirArgs(argv, ['no-masks'], ['format', 'cwd']);
  if (args.flags.has('help')) {
    process.stdout.write(EXPORT_HELP);
    return 0;
  }
  if (args.rest.length !== 1) throw new UsageError(args.rest.length ? `one session at a time, not ${args.rest.length}` : 'which session? porthole export SESSION (porthole sessions lists them)');
  const format = args.values.get('format') ?? 'text';
  if (format !== 'dialog' && format !== 'text' && format !== 'jsonl' && format !== 'report') throw new UsageError(`--format is dialog, text, jsonl or report, not '${format}'`);
  const s = findSession(args.dataDir, args.rest[0]);
  const file = args.values.get('o');
  let text: string | null = null;
  if (format === 'dialog') {
    try {
      const dialog = dialogFromTranscript(s.dir, s.key, { cwd: args.values.get('cwd'), masks: !args.flags.has('no-masks') });
      // A recorded directory is written relative to the dialog file, so a dialog kept beside the code replays from any checkout.
      const recorded = dialog.program?.cwd;
      if (recorded && path.isAbsolute(recorded) && !args.values.has('cwd')) {
        dialog.program!.cwd = path.relative(path.dirname(path.resolve(file ?? '.dialog.json')), recorded) || '.';
      }
      text = writeDialog(dialog);
    } catch (err) {
      if (err instanceof ProposeError) throw new UsageError(err.message);
      throw err;
    }
  }
  let out: Writable = process.stdout;
  if (file) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      out = fs.createWriteStream(file);
      await new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
    } catch (err) {
      throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (text !== null) out.write(text);
  else {
    const m = readMeta(s.dir, s.key);
    const store = new RowStore({ dir: s.dir, startedAt: m?.startedAt ?? 0, codec: codecFor(m?.encoding && isKnownEncoding(m.encoding) ? m.encoding : 'utf-8'), maxLineBytes: 64 * 1024, readOnly: true });
    try {
      await store.replay(path.join(s.dir, 'log.jsonl'));
      const marks = readBookmarks(s.dir);
      if (format === 'report') await writeQaReport(store, { name: s.name, peer: m?.peer ?? '', startedAt: m?.startedAt ?? 0, endedAt: m?.endedAt, program: m?.program, command: m?.command, exit: m?.exit ?? undefined }, marks, out);
      else await exportRows(store, format as 'text' | 'jsonl', out, marks);
    } finally {
      store.close();
    }
  }
  await finish(out, !!file);
  if (file) process.stderr.write(`porthole export: session ${s.key} (${s.name}) written to ${file}\n`);
  return 0;
}
