import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlotController, PlotLineView } from '../plot/plot-controller.ts';
import { joinLines, PALETTE, pickPoint } from '../plot/plot-model.ts';
import { formatPoint } from '../plot/plot-format.ts';

interface Props {
  controller: PlotController;
  /** The person clicked a point of a line. */
  onPick(line: PlotLineView, index: number): void;
}

/** How far (CSS px) left or right of the pointer a point may be to be picked. */
const PICK_REACH_PX = 24;

interface Theme {
  dark: boolean;
  text: string;
  grid: string;
}

function readTheme(): Theme {
  const css = getComputedStyle(document.documentElement);
  return {
    dark: window.matchMedia('(prefers-color-scheme: dark)').matches,
    text: css.getPropertyValue('--muted').trim() || '#656d76',
    grid: css.getPropertyValue('--border').trim() || '#d0d7de',
  };
}

/**
 * The chart itself, drawn by uPlot on a canvas. It does not re-render with React: it
 * redraws when the controller says its lines or range changed, and rebuilds only when
 * the set of lines, the x axis or the colour scheme changes. Drag to zoom, Shift+drag
 * or the wheel sideways to pan, the wheel to zoom around the pointer, double-click
 * for everything; the arrow keys, + and − do the same from the keyboard.
 */
export function PlotChart({ controller, onPick }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    const host = hostRef.current!;
    let chart: uPlot | null = null;
    let shape = '';
    let lines: PlotLineView[] = [];
    let theme = readTheme();
    const marker = document.createElement('div');
    marker.className = 'plot-marker';

    const plotWidth = () => (chart ? chart.bbox.width / devicePixelRatio : host.clientWidth);
    const size = () => ({ width: Math.max(50, host.clientWidth), height: Math.max(50, host.clientHeight) });

    /** The point under the pointer, if a line is near. */
    const nearest = (left: number, top: number): { line: number; index: number } | null => {
      const u = chart;
      if (!u || left < 0) return null;
      return pickPoint(lines, left, top, (x) => u.valToPos(x, 'x'), (y) => u.valToPos(y, 'y'), PICK_REACH_PX);
    };

    const showReadout = (u: uPlot) => {
      const { left = -1, top = -1 } = u.cursor;
      const hit = nearest(left, top);
      const out = readoutRef.current;
      if (!hit) {
        marker.hidden = true;
        if (out) out.textContent = '';
        return;
      }
      const l = lines[hit.line];
      marker.hidden = false;
      marker.style.left = `${u.valToPos(l.x[hit.index], 'x')}px`;
      marker.style.top = `${u.valToPos(l.y[hit.index], 'y')}px`;
      marker.style.borderColor = PALETTE[theme.dark ? 'dark' : 'light'][l.color];
      if (out) out.textContent = formatPoint(l.label, l.y[hit.index], l.row[hit.index], controller.xMode === 'time' ? l.x[hit.index] : null);
    };

    const build = () => {
      chart?.destroy();
      const palette = PALETTE[theme.dark ? 'dark' : 'light'];
      const byTime = controller.xMode === 'time';
      const axis = (): uPlot.Axis => ({
        stroke: theme.text,
        grid: { stroke: theme.grid, width: 1 },
        ticks: { stroke: theme.grid, width: 1 },
        font: '12px system-ui, sans-serif',
      });
      const opts: uPlot.Options = {
        ...size(),
        ms: 1,
        pxAlign: false,
        legend: { show: false },
        scales: {
          x: {
            time: byTime,
            // The controller decides what is shown: everything, the newest span, or where the person zoomed.
            range: (_u, min, max) => controller.range() ?? [min ?? 0, (max ?? 0) + 1],
          },
        },
        series: [
          { label: byTime ? 'Time' : 'Row' },
          ...lines.map((l) => ({ label: l.label, stroke: palette[l.color], width: 1.5, spanGaps: true, points: { show: false } })),
        ],
        axes: [
          // Rows are numbered from 1 for people, as in the readout.
          byTime ? axis() : { ...axis(), values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (v + 1).toLocaleString('en-US') : '')) },
          { ...axis(), size: 64 },
        ],
        cursor: {
          drag: { x: true, y: false, setScale: false },
          points: { show: false },
          bind: {
            dblclick: () => () => {
              controller.reset();
              return null;
            },
          },
        },
        hooks: {
          setSelect: [(u) => {
            if (u.select.width > 3) controller.zoomTo(u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x'));
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          }],
          setCursor: [showReadout],
          setSize: [() => controller.setWidth(plotWidth())],
        },
      };
      const j = joinLines(lines);
      chart = new uPlot(opts, [j.xs, ...j.ys], host);
      chart.over.appendChild(marker);
      marker.hidden = true;
      controller.setWidth(plotWidth());
    };

    const draw = () => {
      lines = controller.lines();
      // No axes around nothing (they would count from 1970).
      host.classList.toggle('empty', lines.length === 0);
      const next = `${controller.xMode}|${theme.dark}|${lines.map((l) => `${l.key}\u0000${l.label}`).join('\u0001')}`;
      if (next !== shape || !chart) {
        shape = next;
        build();
        return;
      }
      const j = joinLines(lines);
      chart.setData([j.xs, ...j.ys]);
      showReadout(chart);
    };

    draw();
    const unsubscribe = controller.onDraw(draw);
    const ro = new ResizeObserver(() => chart?.setSize(size()));
    ro.observe(host);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => {
      theme = readTheme();
      shape = '';
      draw();
    };
    scheme.addEventListener('change', onScheme);

    // Panning: Shift+drag or the middle button (before uPlot sees the press, which would start a zoom).
    let downAt: { x: number; y: number } | null = null;
    const onDown = (e: MouseEvent) => {
      downAt = { x: e.clientX, y: e.clientY };
      if (!chart || !(e.shiftKey || e.button === 1) || !chart.over.contains(e.target as Node)) return;
      e.stopPropagation();
      e.preventDefault();
      let lastX = e.clientX;
      const onMove = (m: MouseEvent) => {
        const u = chart;
        if (!u) return;
        const dx = m.clientX - lastX;
        lastX = m.clientX;
        const r = controller.range();
        if (r && dx !== 0) controller.panBy((-dx / plotWidth()) * (r[1] - r[0]));
      };
      const onUp = () => {
        window.removeEventListener('mousemove', onMove);
        window.removeEventListener('mouseup', onUp);
      };
      window.addEventListener('mousemove', onMove);
      window.addEventListener('mouseup', onUp);
    };
    const onClick = (e: MouseEvent) => {
      const u = chart;
      if (!u || !u.over.contains(e.target as Node) || !downAt) return;
      // The end of a drag is not a click on a point.
      if (Math.abs(e.clientX - downAt.x) > 3 || Math.abs(e.clientY - downAt.y) > 3) return;
      const rect = u.over.getBoundingClientRect();
      const hit = nearest(e.clientX - rect.left, e.clientY - rect.top);
      if (hit) pickRef.current(lines[hit.line], hit.index);
    };
    const onWheel = (e: WheelEvent) => {
      const u = chart;
      const r = controller.range();
      if (!u || !r || e.ctrlKey) return;
      e.preventDefault();
      const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY) || e.shiftKey;
      if (sideways) {
        const d = Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY;
        controller.panBy((d / plotWidth()) * (r[1] - r[0]) * 0.5);
      } else {
        const at = u.posToVal(e.clientX - u.over.getBoundingClientRect().left, 'x');
        controller.zoomBy(Math.exp(e.deltaY * 0.0015), at);
      }
    };
    const onKey = (e: KeyboardEvent) => {
      const r = controller.range();
      if (!r || e.altKey || e.ctrlKey || e.metaKey) return;
      const span = r[1] - r[0];
      const mid = (r[0] + r[1]) / 2;
      const act: Record<string, () => void> = {
        ArrowLeft: () => controller.panBy(-span * 0.1),
        ArrowRight: () => controller.panBy(span * 0.1),
        '+': () => controller.zoomBy(0.8, mid),
        '=': () => controller.zoomBy(0.8, mid),
        '-': () => controller.zoomBy(1.25, mid),
        Home: () => controller.reset(),
        End: () => controller.follow(),
      };
      const f = act[e.key] as (() => void) | undefined;
      if (f) {
        e.preventDefault();
        f();
      }
    };
    host.addEventListener('mousedown', onDown, true);
    host.addEventListener('click', onClick);
    host.addEventListener('wheel', onWheel, { passive: false });
    host.addEventListener('keydown', onKey);
    return () => {
      unsubscribe();
      ro.disconnect();
      scheme.removeEventListener('change', onScheme);
      host.removeEventListener('mousedown', onDown, true);
      host.removeEventListener('click', onClick);
      host.removeEventListener('wheel', onWheel);
      host.removeEventListener('keydown', onKey);
      chart?.destroy();
      chart = null;
    };
  }, [controller]);

  return (
    <div className="plot-chart-wrap">
      <div
        ref={hostRef}
        className="plot-chart"
        tabIndex={0}
        role="group"
        aria-roledescription="chart"
        aria-label="Chart: drag to zoom, Shift+drag or the arrow keys to pan, the wheel or + and − to zoom, double-click or Home for everything, click a point to show its row"
      />
      <div ref={readoutRef} className="plot-readout" />
    </div>
  );
}
