/**
 * A session's rows checked against a dialog's steps, as they arrive: which steps are met,
 * missed or still waiting. The window shows this beside the transcript while a person
 * goes through a recorded dialog by hand.
 */
import type { Dialog, ExpectLine } from './dialog.ts';
import { matchLine } from './dialog-match.ts';

export type StepState = 'met' | 'missed' | 'pending';

export interface CheckRow {
  kind: string;
  text: string;
  cont: boolean;
  open: boolean;
}

export interface StepCheck {
  state: StepState;
  /** The lines that arrived for this step. */
  got: string[];
  /** The reply sent after it, if any yet. */
  sent?: string;
  /** The first line that differs (0-based), when missed. */
  line?: number;
}

function segments(rows: CheckRow[]): { lines: string[]; sent?: string; closed: boolean }[] {
  const out: { lines: string[]; sent?: string; closed: boolean }[] = [];
  let lines: string[] = [];
  let last = '';
  for (const r of rows) {
    if (r.kind === 'out') {
      if (r.cont && last === 'out' && lines.length) lines[lines.length - 1] += r.text;
      else lines.push(r.text);
    } else if (r.kind === 'sent' || r.kind === 'auto') {
      out.push({ lines, sent: r.text, closed: true });
      lines = [];
    } else if (r.kind === 'note' && /^you sent EOF/.test(r.text)) {
      out.push({ lines, closed: true });
      lines = [];
    }
    if (r.kind !== 'err') last = r.kind;
  }
  out.push({ lines, closed: false });
  return out;
}

function compare(expect: ExpectLine[], got: string[], closed: boolean, final: boolean, ended: boolean): { state: StepState; line?: number } {
  const safe = (l: ExpectLine, t: string) => {
    try {
      return matchLine(l, t);
    } catch {
      return false;
    }
  };
  for (let i = 0; i < Math.min(expect.length, got.length); i++) if (!safe(expect[i], got[i])) return { state: 'missed', line: i };
  if (got.length < expect.length) return closed || ended ? { state: 'missed', line: got.length } : { state: 'pending' };
  if (final) {
    if (got.length > expect.length) return { state: 'missed', line: expect.length };
    return ended ? { state: 'met' } : { state: 'pending' };
  }
  return { state: 'met' };
}

/** Each step's state; `ended`: the program's output is over. */
export function checkRows(d: Dialog, rows: CheckRow[], ended: boolean): StepCheck[] {
  const segs = segments(rows);
  return d.steps.map((step, i) => {
    const seg = segs[i];
    if (!seg) return { state: 'pending' as const, got: [] };
    const final = i === d.steps.length - 1 && step.send === undefined && !step.eof;
    const c = compare(step.expect, seg.lines, seg.closed, final, ended && i === segs.length - 1);
    return { ...c, got: seg.lines, ...(seg.sent !== undefined ? { sent: seg.sent } : {}) };
  });
}
