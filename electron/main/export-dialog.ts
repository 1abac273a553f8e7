/** Export in the window: a save dialog, then the transcript streamed straight to the file. */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { ExportOutcome } from '../../shared/preload-api.ts';
import type { ExportFormat } from '../../shared/types.ts';
import type { CoreService } from '../core/service-api.ts';

export async function exportWithDialog(win: BrowserWindow, service: CoreService, id: number, format: ExportFormat): Promise<ExportOutcome> {
  const name = service.exportFileName(id, format);
  const choice = await dialog.showSaveDialog(win, {
    title: format === 'report' ? 'Save QA report' : 'Export transcript',
    defaultPath: join(app.getPath('downloads'), name),
    filters: format === 'text'
      ? [{ name: 'Text', extensions: ['txt'] }]
      : format === 'report' ? [{ name: 'Markdown', extensions: ['md'] }] : [{ name: 'JSON Lines', extensions: ['jsonl'] }],
  });
  if (choice.canceled || !choice.filePath) return { saved: false };
  const out = createWriteStream(choice.filePath);
  try {
    await service.exportSession(id, format, out);
  } finally {
    out.end();
  }
  await finished(out);
  return { saved: true, path: choice.filePath };
}
