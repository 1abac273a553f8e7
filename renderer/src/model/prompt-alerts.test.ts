import { describe, expect, it } from 'vitest';
import { PromptAlerts, type WaitingSession } from './prompt-alerts.ts';

const w = (id: number, row = 1, prompt = 'Name? '): WaitingSession => ({ id, name: `s${id}`, key: `${id}:${row}`, prompt });
const opts = { settleMs: 500, minGapMs: 5000 };

describe('PromptAlerts', () => {
  it('announces a prompt once, after it settles, only while the window is not in front', () => {
    const a = new PromptAlerts(opts);
    expect(a.update([w(1)], 0, false)).toEqual({ recheckInMs: 500 });
    expect(a.update([w(1)], 300, false)).toEqual({ recheckInMs: 200 });
    expect(a.update([w(1)], 500, false).alert).toEqual({ title: 's1 is waiting for input', body: 'Name? ', sessionId: 1 });
    expect(a.update([w(1)], 9000, false)).toEqual({});
  });

  it('a prompt seen while the window was in front is not announced later', () => {
    const a = new PromptAlerts(opts);
    expect(a.update([w(1)], 0, true)).toEqual({});
    expect(a.update([w(1)], 2000, false)).toEqual({});
    // A new prompt of the same session is.
    expect(a.update([w(1, 2)], 3000, false)).toEqual({ recheckInMs: 500 });
    expect(a.update([w(1, 2)], 3500, false).alert?.sessionId).toBe(1);
  });

  it('a prompt that goes away before it settles (a long line still arriving) is not announced', () => {
    const a = new PromptAlerts(opts);
    a.update([w(1, 1)], 0, false);
    a.update([w(1, 2)], 100, false);
    a.update([w(1, 3)], 200, false);
    expect(a.update([], 300, false)).toEqual({});
    expect(a.update([], 5000, false)).toEqual({});
  });

  it('rate-limits: prompts during the gap are announced together afterwards', () => {
    const a = new PromptAlerts(opts);
    a.update([w(1)], 0, false);
    expect(a.update([w(1)], 500, false).alert?.title).toBe('s1 is waiting for input');
    a.update([w(1), w(2), w(3)], 600, false);
    expect(a.update([w(1), w(2), w(3)], 1200, false)).toEqual({ recheckInMs: 4300 });
    const later = a.update([w(1), w(2), w(3)], 5500, false);
    expect(later.alert).toEqual({ title: '2 scripts are waiting for input', body: 's2: Name? \ns3: Name? ' });
    expect(a.update([w(1), w(2), w(3)], 20_000, false)).toEqual({});
  });
});
