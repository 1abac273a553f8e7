import { useState } from 'react';
import { describeRule, RESPOND_LIMITS, type RespondRule, type RespondSpec } from '../../../shared/respond.ts';
import type { LineEnding, SessionInfo } from '../../../shared/types.ts';
import { useStore } from '../store/store-context.ts';
import { qaToolsOf } from '../store/qa-tools.ts';
import './qa-tools.css';

function scopeText(r: RespondRule, id: number): string {
  if (r.scope.kind === 'all') return 'all sessions';
  if (r.scope.kind === 'program') return `program ${r.scope.program}`;
  return r.scope.id === id ? 'this session' : `session ${r.scope.id}`;
}

/** The auto-response rules: "when output matches P, send R", added, turned off and on, deleted. */
export function AutoResponses({ session }: { session: SessionInfo }) {
  const store = useStore();
  const qa = qaToolsOf(store);
  const [pattern, setPattern] = useState('');
  const [regex, setRegex] = useState(false);
  const [reply, setReply] = useState('');
  const [ending, setEnding] = useState<LineEnding>('lf');
  const [once, setOnce] = useState(false);
  const [delay, setDelay] = useState('0');
  const program = session.program ?? session.name;
  const [scope, setScope] = useState<'session' | 'program'>('session');

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    const delayMs = Number(delay);
    if (!pattern) return store.notify('error', 'Could not add the rule: the pattern cannot be empty');
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > RESPOND_LIMITS.maxDelayMs) return store.notify('error', 'Could not add the rule: the delay is a whole number of milliseconds, up to an hour');
    const spec: RespondSpec = {
      pattern, regex, reply, ending, once, delayMs,
      scope: scope === 'session' ? { kind: 'session', id: session.id } : { kind: 'program', program },
    };
    if (await qa.addRule(spec)) {
      setPattern('');
      setReply('');
    }
  };

  return (
    <section className="qa-panel auto-responses" role="region" aria-label="Auto-responses">
      <h2>Auto-responses</h2>
      <form className="qa-form" onSubmit={(e) => void add(e)}>
        <label>When output contains <input value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="Continue? [y/N]" aria-label="Pattern" maxLength={RESPOND_LIMITS.maxPatternChars} /></label>
        <label className="check"><input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regex</label>
        <label>send <input value={reply} onChange={(e) => setReply(e.target.value)} placeholder="y" aria-label="Answer to send" /></label>
        <select value={ending} onChange={(e) => setEnding(e.target.value as LineEnding)} aria-label="Ending of the answer">
          <option value="lf">LF</option>
          <option value="crlf">CRLF</option>
          <option value="none">no ending</option>
        </select>
        <select value={once ? 'once' : 'every'} onChange={(e) => setOnce(e.target.value === 'once')} aria-label="How often">
          <option value="every">every time</option>
          <option value="once">once</option>
        </select>
        <label>after <input className="delay" type="number" min={0} max={RESPOND_LIMITS.maxDelayMs} value={delay} onChange={(e) => setDelay(e.target.value)} aria-label="Delay in milliseconds" /> ms</label>
        <select value={scope} onChange={(e) => setScope(e.target.value as 'session' | 'program')} aria-label="Applies to">
          <option value="session">this session</option>
          <option value="program">all sessions of {program}</option>
        </select>
        <button type="submit">Add rule</button>
      </form>
      {qa.rules.length === 0
        ? <p className="qa-empty">No rules. A rule answers the script's output for you; each answer is shown as an automatic reply (»).</p>
        : (
          <ul className="qa-rules" aria-label="Rules">
            {qa.rules.map((r) => (
              <li key={r.id} className={r.enabled ? '' : 'off'}>
                <label className="check">
                  <input type="checkbox" checked={r.enabled} onChange={(e) => void qa.setRule(r.id, e.target.checked)} aria-label={`Rule ${r.id} on`} />
                  <code>{describeRule(r)}</code>
                </label>
                <span className="qa-meta">{scopeText(r, session.id)} · fired {r.fired.toLocaleString('en-US')}×{r.stopped ? ` · stopped: ${r.stopped}` : ''}</span>
                <button type="button" onClick={() => void qa.removeRule(r.id)} aria-label={`Delete rule ${r.id}`}>Delete</button>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
