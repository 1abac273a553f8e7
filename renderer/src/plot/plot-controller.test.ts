import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandArgs, CommandName, CommandResult, PortholeBridge } from '../../../shared/contract.ts';
import type { PlotDataArgs, PlotDataResult } from '../../../shared/plot.ts';
import { PlotController } from './plot-controller.ts';

beforeAll(() => {
  // Node has no frames; a macrotask stands in for one.
  globalThis.requestAnimationFrame ??= (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 0) as unknown as number;
  globalThis.cancelAnimationFrame ??= (h: number) => clearTimeout(h as unknown as NodeJS.Timeout);
});

const frames = (n = 3) => new Promise((r) => setTimeout(r, 5 * n));

/**
 * A core with sessions of `t`, `temp` and `hum` points (one a row), answering
 * plot:data as the real one does in shape; replies wait until `release` when held.
 */
function fakeCore(rows: Map<number, number>) {
  const asked: PlotDataArgs[] = [];
  let held: (() => void)[] | null = null;
  const answer = (a: PlotDataArgs): PlotDataResult => {
    const count = rows.get(a.id) ?? 0;
    const from = a.from ?? 0;
    const to = a.to ?? Math.max(0, count - 1);
    return {
      id: a.id, count, scanned: count, pattern: '', xMode: a.xMode, from, to, xMin: 0, xMax: count - 1,
      series: ['t', 'temp', 'hum'].map((name) => ({ name, points: count })),
      lines: a.series.map((name) => ({ name, x: [from, to], y: [1, 2], row: [from, to], last: { x: to, y: 2, row: to } })),
    };
  };
  const bridge: PortholeBridge = {
    face: 'browser',
    async invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
      if (cmd !== 'plot:data') throw new Error(`unexpected ${cmd}`);
      asked.push(args as PlotDataArgs);
      if (held) await new Promise<void>((r) => held!.push(r));
      return answer(args as PlotDataArgs) as CommandResult<K>;
    },
    subscribe: () => () => {},
    async exportSession() {},
  };
  return {
    bridge, asked,
    hold: () => { held = []; },
    release: () => {
      const h = held ?? [];
      held = null;
      h.forEach((r) => r());
    },
  };
}

const controllers: PlotController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.stop()));

function setup(counts: [number, number][] = [[1, 100]]) {
  const rows = new Map(counts);
  const core = fakeCore(rows);
  const c = new PlotController(core.bridge, { rows: (id) => rows.get(id) ?? 0, name: (id) => `s${id}` });
  controllers.push(c);
  c.start();
  return { c, core, rows };
}

describe('PlotController', () => {
  it('asks for the series it learns of, clock-like names left out, and draws them in legend order', async () => {
    const { c, core } = setup();
    c.setPrimary(1);
    await frames();
    expect(core.asked.map((a) => a.series)).toEqual([[], ['temp', 'hum']]);
    expect(c.series().map((s) => [s.label, s.shown])).toEqual([['t', false], ['temp', true], ['hum', true]]);
    expect(c.lines().map((l) => l.name)).toEqual(['temp', 'hum']);
    c.toggle('1:t');
    c.toggle('1:hum');
    await frames();
    expect(core.asked.at(-1)!.series).toEqual(['t', 'temp']);
    expect(c.lines().map((l) => l.name)).toEqual(['t', 'temp']);
  });

  it('while following asks again when rows arrive, one request at a time; not when zoomed', async () => {
    const { c, core, rows } = setup();
    c.setPrimary(1);
    c.setXMode('row');
    await frames();
    const before = core.asked.length;
    core.hold();
    for (let i = 0; i < 5; i++) {
      rows.set(1, 100 + i);
      c.poke();
      await frames(1);
    }
    // One request in flight; the rest wait for it.
    expect(core.asked.length).toBe(before + 1);
    core.release();
    await frames();
    expect(core.asked.length).toBe(before + 2);
    expect(Object.keys(core.asked.at(-1)!)).not.toContain('from');

    c.zoomTo(10, 50);
    await frames();
    expect(c.view.follow).toBe(false);
    expect(core.asked.at(-1)).toMatchObject({ from: 10, to: 50 });
    const zoomed = core.asked.length;
    rows.set(1, 200);
    c.poke();
    await frames();
    expect(core.asked.length).toBe(zoomed);
    expect(c.range()).toEqual([10, 50]);

    // Follow keeps the width of the view and runs with the newest point.
    c.follow();
    await frames();
    expect(c.view).toMatchObject({ follow: true, span: 40 });
    expect(c.range()).toEqual([159, 199]);
    expect(core.asked.at(-1)).toMatchObject({ from: 159 });
    c.reset();
    await frames();
    expect(c.range()).toEqual([0, 199]);
  });

  it('plots several sessions, labelled by session, and keeps one when the selection moves to another it plots', async () => {
    const { c, core } = setup([[1, 10], [2, 20], [3, 30]]);
    c.setPrimary(1);
    c.addSession(2);
    await frames();
    expect(c.lines().map((l) => l.label)).toEqual(['temp · s1', 'hum · s1', 'temp · s2', 'hum · s2']);
    expect(c.extents()).toEqual({ min: 0, max: 19 });
    // Following the last span over two sessions settles: no request is made again and again.
    c.setXMode('row');
    await frames();
    c.zoomTo(2, 8);
    c.follow();
    await frames(6);
    const settled = core.asked.length;
    await frames(6);
    expect(core.asked.length).toBe(settled);
    expect(c.range()).toEqual([13, 19]);
    c.setPrimary(2);
    expect(c.sessions).toEqual([1, 2]);
    c.setPrimary(3);
    expect(c.sessions).toEqual([3, 2]);
    c.removeSession(2);
    await frames();
    expect(c.lines().map((l) => l.label)).toEqual(['temp', 'hum']);
  });

  it('zooms no narrower than a few rows, and switching the axis shows everything again', async () => {
    const { c } = setup();
    c.setPrimary(1);
    c.setXMode('row');
    await frames();
    c.zoomTo(10, 11);
    expect(c.range()).toEqual([8.5, 12.5]);
    expect(c.view.follow).toBe(false);
    c.setXMode('time');
    expect(c.view.follow).toBe(true);
    expect(c.minSpan).toBe(50);
  });
});
