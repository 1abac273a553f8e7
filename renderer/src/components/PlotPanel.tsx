import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { PlotController, type PlotLineView } from '../plot/plot-controller.ts';
import { download, plotPng, seriesCsv } from '../plot/plot-export.ts';
import { formatRange, formatValue, rowLabel } from '../plot/plot-format.ts';
import { PALETTE } from '../plot/plot-model.ts';
import { useStore } from '../store/store-context.ts';
import { PlotChart } from './PlotChart.tsx';
import '../plot/plot.css';

interface Props {
  /** The session on screen: plotted first. */
  sessionId: number;
}

const dark = () => window.matchMedia('(prefers-color-scheme: dark)').matches;

/**
 * The plot of the numbers a script prints: one line per series, a legend to show and
 * hide them, the x axis by time or by row, following the newest numbers until the
 * person zooms or pans. Every row of the session is plotted (the core reads and
 * decimates them); other sessions can be added beside it.
 */
export default function PlotPanel({ sessionId }: Props) {
  const store = useStore();
  const [controller] = useState(() => new PlotController(store.bridge, {
    rows: (id) => store.sessions.get(id)?.rows ?? 0,
    name: (id) => store.sessions.get(id)?.name ?? `session ${id}`,
  }));
  useSyncExternalStore(controller.subscribe, controller.getVersion);
  useEffect(() => {
    controller.start();
    return () => controller.stop();
  }, [controller]);
  useEffect(() => controller.setPrimary(sessionId), [controller, sessionId]);
  // The store re-renders this panel once a frame when anything changed (new rows among it).
  useEffect(() => {
    // A session removed from the list leaves the plot too.
    for (const id of controller.sessions) if (!store.sessions.has(id)) controller.removeSession(id);
    controller.poke();
  });

  const [patternOpen, setPatternOpen] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  /** The point last clicked, said in words (its row is shown in the transcript). */
  const [picked, setPicked] = useState<string | null>(null);
  const sectionRef = useRef<HTMLElement>(null);

  const series = controller.series();
  const range = controller.range();
  const status = controller.status();
  const primary = status.find((s) => s.id === sessionId);
  const others = [...store.sessions.values()].filter((s) => !controller.sessions.includes(s.id));
  const follow = controller.view.follow;

  const onPick = (line: PlotLineView, index: number) => {
    const row = line.row[index];
    setPicked(`${line.label} ${formatValue(line.y[index])} at ${rowLabel(row)}`);
    if (store.selectedId === line.sessionId) {
      store.reveal(row);
      return;
    }
    // The other session's transcript mounts on the next frames; it takes the request once it is there.
    store.select(line.sessionId);
    requestAnimationFrame(() => requestAnimationFrame(() => store.reveal(row)));
  };

  const exportPng = () => {
    const canvas = sectionRef.current?.querySelector('canvas');
    if (!canvas) return;
    const css = getComputedStyle(document.documentElement);
    const palette = PALETTE[dark() ? 'dark' : 'light'];
    const title = controller.sessions.map((id) => store.sessions.get(id)?.name ?? `session ${id}`).join(', ');
    const png = plotPng(canvas, title, series.filter((s) => s.shown).map((s) => ({ label: s.label, color: palette[s.color] })), {
      bg: css.getPropertyValue('--bg').trim() || '#fff',
      fg: css.getPropertyValue('--fg').trim() || '#000',
    });
    download(png, `porthole-plot-${controller.sessions.join('-')}.png`);
  };

  const exportCsv = async () => {
    const shown = series.filter((s) => s.shown);
    if (shown.length === 0) return;
    setExporting('Exporting CSV…');
    try {
      const blob = await seriesCsv(store.bridge, shown, (rows) => setExporting(`Exporting CSV… ${rows.toLocaleString('en-US')} rows`));
      const url = URL.createObjectURL(blob);
      download(url, `porthole-plot-${controller.sessions.join('-')}.csv`);
      // The download has taken the address by the next turn; the blob goes with it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      store.notify('error', `Could not export the series: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setExporting(null);
    }
  };

  const reading = status.filter((s) => s.count > 0 && s.scanned < s.count - 1 && s.count - s.scanned > 1000);
  const notes = status.flatMap((s) => [s.limited, s.error].filter((x): x is string => !!x));

  return (
    <section ref={sectionRef} className="plot-panel" role="region" aria-label="Plot">
      <div className="plot-toolbar">
        <div className="plot-switch" role="group" aria-label="X axis">
          <button type="button" aria-pressed={controller.xMode === 'time'} onClick={() => controller.setXMode('time')}>Time</button>
          <button type="button" aria-pressed={controller.xMode === 'row'} onClick={() => controller.setXMode('row')}>Row</button>
        </div>
        <button type="button" aria-pressed={follow} onClick={() => controller.follow()} title="Follow the newest numbers (End)">Follow</button>
        <button type="button" onClick={() => controller.reset()} title="Show everything (Home, or double-click the chart)">Reset</button>
        <span className="plot-range" aria-live="off">{range ? formatRange(controller.xMode, range) : ''}</span>
        <select
          aria-label="Add a session to the plot"
          value=""
          onChange={(e) => {
            if (e.target.value) controller.addSession(Number(e.target.value));
          }}
          disabled={others.length === 0}
        >
          <option value="">Add session…</option>
          {others.map((s) => <option key={s.id} value={s.id}>{`${s.name} #${s.id}`}</option>)}
        </select>
        <button type="button" aria-expanded={patternOpen} onClick={() => setPatternOpen(!patternOpen)}>Pattern</button>
        <button type="button" onClick={exportPng} disabled={series.length === 0}>Export PNG</button>
        <button type="button" onClick={() => void exportCsv()} disabled={series.length === 0 || exporting !== null}>Export CSV</button>
      </div>
      {patternOpen && primary && (
        <PatternForm
          key={`${primary.id}:${primary.pattern}`}
          initial={primary.pattern}
          onApply={(p) => controller.setPattern(primary.id, p)}
        />
      )}
      {controller.sessions.length > 1 && (
        <ul className="plot-sessions" aria-label="Plotted sessions">
          {controller.sessions.map((id) => (
            <li key={id}>
              {`${store.sessions.get(id)?.name ?? 'session'} #${id}`}
              {id !== controller.sessions[0] && (
                <button type="button" className="small" aria-label={`Remove ${store.sessions.get(id)?.name ?? id} from the plot`} onClick={() => controller.removeSession(id)}>×</button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="plot-body">
        <PlotChart controller={controller} onPick={onPick} />
        <ul className="plot-legend" aria-label="Series">
          {series.map((s) => (
            <li key={s.key} className={s.shown ? undefined : 'off'}>
              <label>
                <input type="checkbox" checked={s.shown} onChange={() => controller.toggle(s.key)} />
                <Swatch color={PALETTE[dark() ? 'dark' : 'light'][s.color]} />
                {s.label}
              </label>
              {s.last && <span className="plot-last">{formatValue(s.last.y)}</span>}
            </li>
          ))}
        </ul>
        {series.length === 0 && (
          <p className="plot-empty">
            {reading.length > 0 || status.every((s) => s.count === 0)
              ? 'Waiting for numbers…'
              : 'No numbers yet. Lines such as temp=21.5 hum=40, columns such as 1,2,3 (a header row names them), JSON objects, or a pattern of your own are plotted.'}
          </p>
        )}
      </div>
      <div className="plot-status" role="status">
        {reading.map((s) => (
          <span key={s.id}>Reading numbers: {Math.floor((100 * s.scanned) / s.count)}% of {s.count.toLocaleString('en-US')} rows</span>
        ))}
        {notes.map((n) => <span key={n} className="warn-text">{n}</span>)}
        {picked && <span className="plot-picked">Shown in the transcript: {picked}</span>}
        {exporting && <span>{exporting}</span>}
      </div>
    </section>
  );
}

function Swatch({ color }: { color: string }) {
  // Set through the CSSOM (React's style prop), which the page's Content-Security-Policy allows.
  return <span className="plot-swatch" style={{ backgroundColor: color }} aria-hidden="true" />;
}

function PatternForm({ initial, onApply }: { initial: string; onApply(pattern: string): Promise<string | null> }) {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const apply = async (pattern: string) => {
    setProblem(await onApply(pattern));
  };
  return (
    <form
      className="plot-pattern"
      onSubmit={(e) => {
        e.preventDefault();
        void apply(text);
      }}
    >
      <label>
        Pattern
        <input
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={String.raw`e.g. loss (?<loss>\S+) acc (?<acc>\S+)`}
          spellCheck={false}
          aria-describedby="plot-pattern-help"
        />
      </label>
      <button type="submit">Apply</button>
      <button type="button" onClick={() => { setText(''); void apply(''); }}>Automatic</button>
      <span id="plot-pattern-help" className={problem ? 'error-text' : 'muted'}>
        {problem ?? 'A regular expression with named groups: each group’s text is read as a number of that name. Empty: numbers are found automatically.'}
      </span>
    </form>
  );
}
