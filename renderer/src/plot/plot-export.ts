/**
 * Saving the plot: the picture as PNG (the chart's canvas with a title and legend
 * drawn above it), the series as CSV written by the core a page at a time. Both are
 * downloads made in the page (an object or data address on a link), so they work the
 * same in the browser and in the Electron window, with no Node in the page.
 */
import type { PortholeBridge } from '../../../shared/contract.ts';
import { csvColumns } from './plot-model.ts';

export function download(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export interface PngLegend {
  label: string;
  color: string;
}

/** The chart's canvas with a header band: the title, then each series' colour and name. */
export function plotPng(chart: HTMLCanvasElement, title: string, legend: readonly PngLegend[], colors: { bg: string; fg: string }): string {
  const scale = chart.clientWidth > 0 ? chart.width / chart.clientWidth : 1;
  const band = Math.round(28 * scale);
  const out = document.createElement('canvas');
  out.width = chart.width;
  out.height = chart.height + band;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = colors.bg;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(chart, 0, band);
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${Math.round(13 * scale)}px system-ui, sans-serif`;
  ctx.fillStyle = colors.fg;
  const y = band / 2;
  let x = Math.round(8 * scale);
  ctx.fillText(title, x, y);
  x += ctx.measureText(title).width + 16 * scale;
  ctx.font = `${Math.round(12 * scale)}px system-ui, sans-serif`;
  for (const item of legend) {
    if (x > out.width - 40 * scale) break;
    ctx.fillStyle = item.color;
    ctx.fillRect(x, y - 1.5 * scale, 14 * scale, 3 * scale);
    x += 18 * scale;
    ctx.fillStyle = colors.fg;
    ctx.fillText(item.label, x, y);
    x += ctx.measureText(item.label).width + 14 * scale;
  }
  return out.toDataURL('image/png');
}

export interface CsvSeries {
  sessionId: number;
  name: string;
  label: string;
}

/**
 * The series as one CSV file: a header, then for each session its rows with a number
 * in any of the series, merged by row. Each page from the core becomes a Blob at once,
 * so the page's own memory holds one page at a time whatever the size.
 */
export async function seriesCsv(bridge: PortholeBridge, series: readonly CsvSeries[], onProgress?: (rowsDone: number) => void): Promise<Blob> {
  const sessions = [...new Set(series.map((s) => s.sessionId))];
  const { header, columnsOf } = csvColumns(series, sessions);
  const parts: Blob[] = [new Blob([header], { type: 'text/csv' })];
  let done = 0;
  for (const id of sessions) {
    const columns = columnsOf.get(id)!;
    for (let from = 0; from >= 0;) {
      const page = await bridge.invoke('plot:csv', { id, columns, fromRow: from });
      if (page.text) parts.push(new Blob([page.text], { type: 'text/csv' }));
      done += page.next >= 0 ? page.next - from : 0;
      from = page.next;
      onProgress?.(done);
    }
  }
  return new Blob(parts, { type: 'text/csv' });
}
