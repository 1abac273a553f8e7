import { describe, expect, it } from 'vitest';
import {
  csvCell, csvColumns, FOLLOW_ALL, joinLines, panBy, pickPoint, requestRange, shownRange, zoomAround, type ViewState,
} from './plot-model.ts';

describe('ranges', () => {
  it.each<[string, ViewState, number | null, { from?: number; to?: number }]>([
    ['following everything asks for everything', FOLLOW_ALL, 500, {}],
    ['following a span asks from newest − span', { follow: true, span: 100, from: 0, to: 0 }, 500.5, { from: 400 }],
    ['a span wider than the data starts at 0', { follow: true, span: 1000, from: 0, to: 0 }, 500, { from: 0 }],
    ['a span with no data yet asks for everything', { follow: true, span: 100, from: 0, to: 0 }, null, {}],
    ['a fixed view asks for its range, rounded outwards', { follow: false, span: null, from: 10.5, to: 20.2 }, 500, { from: 10, to: 21 }],
    ['never below zero', { follow: false, span: null, from: -30, to: -2 }, 500, { from: 0, to: 0 }],
  ])('%s', (_name, view, newest, expected) => {
    expect(requestRange(view, newest)).toEqual(expected);
  });

  it.each<[string, ViewState, { min: number; max: number } | null, [number, number] | null]>([
    ['everything', FOLLOW_ALL, { min: 5, max: 50 }, [5, 50]],
    ['no data yet', FOLLOW_ALL, null, null],
    ['the last span', { follow: true, span: 10, from: 0, to: 0 }, { min: 5, max: 50 }, [40, 50]],
    ['a fixed view, whatever the data', { follow: false, span: null, from: 1, to: 3 }, { min: 5, max: 50 }, [1, 3]],
    ['one point is widened to the smallest span', FOLLOW_ALL, { min: 7, max: 7 }, [6, 8]],
  ])('shows %s', (_name, view, extents, expected) => {
    expect(shownRange(view, extents, 2)).toEqual(expected);
  });

  it('zooms around the pointer and pans', () => {
    expect(zoomAround([0, 100], 50, 0.5, 1)).toEqual([25, 75]);
    expect(zoomAround([0, 100], 0, 0.5, 1)).toEqual([0, 50]);
    expect(zoomAround([0, 100], 100, 2, 1)).toEqual([-100, 100]);
    expect(zoomAround([0, 4], 2, 0.1, 2)).toEqual([1, 3]);
    expect(panBy([10, 20], -5)).toEqual([5, 15]);
  });
});

describe('joinLines', () => {
  it('puts every point of every line on one x array in order, each slot owned by one line', () => {
    const j = joinLines([
      { x: [1, 3, 3, 5], y: [10, 30, 31, 50] },
      { x: [2, 3, 6], y: [-2, -3, -6] },
      { x: [], y: [] },
    ]);
    expect(j.xs).toEqual([1, 2, 3, 3, 3, 5, 6]);
    expect(j.ys[0]).toEqual([10, null, 30, 31, null, 50, null]);
    expect(j.ys[1]).toEqual([null, -2, null, null, -3, null, -6]);
    expect(j.ys[2]).toEqual([null, null, null, null, null, null, null]);
    expect([...j.owner]).toEqual([0, 1, 0, 0, 1, 0, 1]);
    expect([...j.index]).toEqual([0, 0, 1, 2, 1, 3, 2]);
  });
});

describe('pickPoint', () => {
  const lines = [
    { x: [0, 10, 20, 20, 30], y: [0, 1, 2, 8, 3] },
    { x: [5, 15, 25], y: [50, 50, 50] },
  ];
  // 10 px per x unit, 10 px per y unit, y up.
  const xPx = (x: number) => x * 10;
  const yPx = (y: number) => 1000 - y * 10;
  it.each<[string, number, number, { line: number; index: number } | null]>([
    ['the nearest point in x of the nearest line in y', 98, 990, { line: 0, index: 1 }],
    ['the other line when nearer in y', 140, 500, { line: 1, index: 1 }],
    ['of two points in one column, the one nearer in y', 200, 920, { line: 0, index: 3 }],
    ['of two points in one column, the other one', 200, 985, { line: 0, index: 2 }],
    ['nothing beyond the reach in x', 400, 990, null],
  ])('%s', (_name, px, py, expected) => {
    expect(pickPoint(lines, px, py, xPx, yPx, 40)).toEqual(expected);
  });
});

describe('CSV', () => {
  it.each([
    ['temp', 'temp'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('cell %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('gives each session its own columns and blanks for the others', () => {
    const { header, columnsOf } = csvColumns([
      { sessionId: 1, name: 'temp', label: 'temp (#1)' },
      { sessionId: 2, name: 'temp', label: 'temp (#2)' },
      { sessionId: 1, name: 'a,b', label: 'a,b (#1)' },
    ], [1, 2]);
    expect(header).toBe('session,row,time,temp (#1),temp (#2),"a,b (#1)"\n');
    expect(columnsOf.get(1)).toEqual(['temp', '', 'a,b']);
    expect(columnsOf.get(2)).toEqual(['', 'temp', '']);
  });
});
