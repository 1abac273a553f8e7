import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../shared/types.ts';
import { useStore } from '../store/store-context.ts';
import { viewToolsOf, type FilterKind } from '../store/view-tools.ts';
import './view-tools.css';

interface Props {
  session: SessionInfo;
}

const KIND_LABELS: [FilterKind, string][] = [['all', 'All kinds'], ['err', 'stderr only'], ['sent', 'sent only'], ['note', 'notes only']];

/**
 * The transcript's view tools: Filter (served by the core over the whole session),
 * Clear view (hides what came before, keeps it all) and the Hex switch.
 */
export function ViewToolsBar({ session }: Props) {
  const store = useStore();
  const tools = viewToolsOf(store);
  const id = session.id;
  const current = tools.filters.get(id);
  const [query, setQuery] = useState(current?.spec.query ?? '');
  const [regex, setRegex] = useState(current?.spec.regex ?? false);
  const [caseSensitive, setCaseSensitive] = useState(current?.spec.caseSensitive ?? false);
  const [invert, setInvert] = useState(current?.spec.invert ?? false);
  const [kind, setKind] = useState<FilterKind>(current?.spec.kind ?? 'all');

  useEffect(() => {
    const f = tools.filters.get(id);
    const same = f ? f.spec.query === query && f.spec.regex === regex && f.spec.caseSensitive === caseSensitive && f.spec.invert === invert && f.spec.kind === kind
      : query === '' && kind === 'all';
    if (same) return;
    // Typing filters again once the person pauses, not on every key.
    const t = setTimeout(() => void tools.setFilter(id, { query, regex, caseSensitive, invert, kind }), 150);
    return () => clearTimeout(t);
  }, [tools, id, query, regex, caseSensitive, invert, kind]);

  const total = store.windowOf(id).count;
  const f = tools.filters.get(id);
  const cleared = tools.cleared.get(id);
  let status = '';
  if (f?.error) status = f.error;
  else if (f) status = `${f.matches.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows${f.done ? '' : '…'}`;
  const clearFilter = () => {
    setQuery('');
    setKind('all');
    setInvert(false);
    void tools.setFilter(id, null);
  };

  return (
    <div className="view-tools">
      <div className="view-tools-row" role="toolbar" aria-label="View tools">
        <input
          type="text"
          className="filter-input"
          aria-label="Filter"
          placeholder="Filter rows"
          title="Shows only the rows that match, over the whole session (Escape clears)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              clearFilter();
            }
          }}
        />
        <label><input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regex</label>
        <label><input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} /> Case</label>
        <label title="Shows the rows that do not match"><input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} /> Invert</label>
        <select aria-label="Row kinds" value={kind} onChange={(e) => setKind(e.target.value as FilterKind)}>
          {KIND_LABELS.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>
        {f && <span className={`filter-status${f.error ? ' error' : ''}`} role="status" aria-live="polite">{status}</span>}
        {f && <button type="button" onClick={clearFilter} title="Shows every row again, keeping the row you looked at in view">Clear filter</button>}
        <span className="view-tools-end">
          <button type="button" onClick={() => tools.clearView(id)} disabled={total === 0} title="Hides the rows so far; the transcript keeps them (Show all brings them back)">Clear view</button>
          <button
            type="button"
            role="switch"
            aria-checked={tools.hex}
            className="hex-switch"
            onClick={() => tools.setHex(!tools.hex)}
            title="Shows the exact bytes of the selected rows (or of the rows on screen)"
          >
            Hex
          </button>
        </span>
      </div>
      {cleared !== undefined && cleared > 0 && (
        <div className="view-cleared" role="status">
          View cleared — {cleared.toLocaleString('en-US')} row{cleared === 1 ? '' : 's'} hidden ·{' '}
          <button type="button" className="link" onClick={() => tools.showAll(id)}>Show all</button>
        </div>
      )}
    </div>
  );
}
