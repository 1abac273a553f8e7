/**
 * Auto-responses: rules "when output matches P, send R", evaluated in the core on each
 * row of the script's output (stdout and stderr) as it arrives, never on sent rows,
 * notes or auto rows. A rule fires at most once per row; a prompt (an open row) is
 * matched as it grows, and again only by rules that have not fired on it yet once it
 * is sealed.
 *
 * While no rule exists no session has an `onOutput` hook, so ingest pays nothing.
 * Loops are stopped, with a note in the session: a rule answering its own reply, echoed
 * back by the program, three times in a row; a rule firing more than its limit a
 * second (limit=N); without a limit, more than 50 a second for five seconds in a row —
 * a prompt loop of a few thousand answered at full speed is not a runaway. A regex sees at most the first 64 KiB of a row,
 * and a pattern that takes too long (backtracking) is stopped the same way.
 */
import vm from 'node:vm';
import { checkRespondSpec, describeRule, RESPOND_LIMITS, RuleSyntaxError, type RespondRule, type RespondSpec } from '../../shared/respond.ts';
import type { Session } from './session.ts';

export class RespondError extends Error {}

export interface RespondHooks {
  sessions(): Iterable<Session>;
  /** A session's rows changed (a note was added). */
  changed(session: Session): void;
}

/** A regex test of a batch of rows taking longer is cut short and its rule stopped; so is one using this much of a second. */
const MATCH_TIMEOUT_MS = 50;
const SLOW_TOTAL_MS = 250;
/** Characters of rows decoded per step of a scan. */
const SCAN_CHARS = 4 << 20;
const MATCH_SCRIPT = new vm.Script('(() => { const out = []; for (let i = 0; i < texts.length; i++) { re.lastIndex = 0; if (re.test(texts[i])) out.push(i); } return out; })()');
/** Rows decoded per step of a scan. */
const SCAN_BATCH = 2_000;
/** Delayed replies waiting at once, per rule. */
const MAX_PENDING_DELAYED = 1_000;
/** Firings in a row on its own echoed reply that stop a rule. */
const ECHO_LOOP = 3;
/** Seconds in a row over the default limit that stop a rule without a limit of its own. */
const HOT_SECONDS = 5;
const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

interface RuleState {
  rule: RespondRule;
  re: RegExp | null;
  windowStart: number;
  windowCount: number;
  windowMs: number;
  /** Consecutive one-second windows over the default limit. */
  hotSeconds: number;
  /** Its own reply matches its pattern: an echo of it would fire it again. */
  selfMatching: boolean;
  /** Consecutive firings on a row holding its own reply. */
  echoHits: number;
  /** Sessions a `once` rule of several sessions has fired in. */
  firedIn: Set<number>;
  timers: Set<NodeJS.Timeout>;
}

interface ScanState {
  /** First row not yet seen sealed. */
  next: number;
  /** The open row being matched as it grows, and which rules fired on it. */
  openRow: number;
  openFired: Set<number>;
}

export class Responder {
  private readonly rules = new Map<number, RuleState>();
  private readonly scans = new WeakMap<Session, ScanState>();
  private nextId = 1;
  private dirty = false;
  private readonly hook = (s: Session) => this.scan(s);

  constructor(private readonly hooks: RespondHooks) {}

  list(): RespondRule[] {
    return [...this.rules.values()].map((r) => ({ ...r.rule, scope: { ...r.rule.scope } }));
  }

  /** True once since the last call when rules or their counts changed (the service sends them). */
  takeDirty(): boolean {
    const d = this.dirty;
    this.dirty = false;
    return d;
  }

  add(spec: RespondSpec): RespondRule {
    try {
      checkRespondSpec(spec);
    } catch (err) {
      if (err instanceof RuleSyntaxError) throw new RespondError(err.message);
      throw err;
    }
    if (this.rules.size >= RESPOND_LIMITS.maxRules) throw new RespondError(`at most ${RESPOND_LIMITS.maxRules} auto-response rules; delete some first`);
    const rule: RespondRule = { ...spec, scope: { ...spec.scope }, id: this.nextId++, enabled: true, fired: 0 };
    this.rules.set(rule.id, {
      rule, re: spec.regex ? new RegExp(spec.pattern, spec.flags ?? '') : null,
      windowStart: 0, windowCount: 0, windowMs: 0, hotSeconds: 0, echoHits: 0, firedIn: new Set(), timers: new Set(),
      selfMatching: spec.reply.trim() !== '' && (spec.regex ? new RegExp(spec.pattern, spec.flags ?? '').test(spec.reply) : spec.reply.includes(spec.pattern)),
    });
    this.changed();
    // Output already on screen is not answered: a new rule starts at the rows to come,
    // and at the prompt waiting now, which is what the person is looking at.
    for (const s of this.hooks.sessions()) {
      this.skipSeen(s);
      if (s.onOutput && s.state !== 'closed' && this.applies(rule, s)) this.scan(s);
    }
    return this.list().find((r) => r.id === rule.id)!;
  }

  set(id: number, enabled: boolean): RespondRule {
    const r = this.get(id);
    r.rule.enabled = enabled;
    if (enabled) {
      r.rule.stopped = undefined;
      r.windowCount = 0;
      r.hotSeconds = 0;
      r.echoHits = 0;
      r.windowMs = 0;
      r.firedIn.clear();
    } else this.cancelTimers(r);
    this.changed();
    return { ...r.rule };
  }

  remove(id: number): void {
    const r = this.get(id);
    this.cancelTimers(r);
    this.rules.delete(id);
    this.changed();
  }

  /** A session's rules go with it when it is removed. */
  dropSession(id: number): void {
    for (const r of [...this.rules.values()]) if (r.rule.scope.kind === 'session' && r.rule.scope.id === id) this.remove(r.rule.id);
  }

  /** A new session: hooked when rules exist. */
  attach(s: Session): void {
    if (this.rules.size > 0 && !s.readOnly) s.onOutput = this.hook;
  }

  close(): void {
    for (const r of this.rules.values()) this.cancelTimers(r);
  }

  private get(id: number): RuleState {
    const r = this.rules.get(id);
    if (!r) throw new RespondError(`there is no auto-response rule ${id}`);
    return r;
  }

  private cancelTimers(r: RuleState): void {
    for (const t of r.timers) clearTimeout(t);
    r.timers.clear();
  }

  private changed(): void {
    this.dirty = true;
    const any = this.rules.size > 0;
    for (const s of this.hooks.sessions()) {
      if (s.readOnly) continue;
      if (any && !s.onOutput) {
        s.onOutput = this.hook;
        this.skipSeen(s);
      } else if (!any) s.onOutput = null;
    }
  }

  private skipSeen(s: Session): void {
    if (s.asleep || s.state === 'closed') return;
    const count = s.store.count;
    const st = this.scans.get(s);
    const last = count - 1;
    const open = last >= 0 && s.store.rows(last, count)[0].open;
    // The prompt already waiting is answered by a new rule: it is what the person is looking at.
    const next = open ? last : count;
    if (!st) this.scans.set(s, { next, openRow: -1, openFired: new Set() });
    else if (st.next < next) st.next = next;
  }

  private applies(r: RespondRule, s: Session): boolean {
    if (!r.enabled) return false;
    if (r.scope.kind === 'session') return r.scope.id === s.id;
    if (r.scope.kind === 'program') return r.scope.program === (s.program ?? s.name) || r.scope.program === s.name;
    return true;
  }

  private scan(s: Session): void {
    let st = this.scans.get(s);
    if (!st) {
      st = { next: 0, openRow: -1, openFired: new Set() };
      this.scans.set(s, st);
    }
    const active = [...this.rules.values()].filter((r) => this.applies(r.rule, s));
    const store = s.store;
    const count = store.count;
    if (active.length === 0) {
      st.next = count;
      return;
    }
    while (st.next < count) {
      const rows = store.rows(st.next, Math.min(count, st.next + SCAN_BATCH), SCAN_CHARS).filter((r) => r.kind === 'out' || r.kind === 'err' || r.open);
      if (rows.length === 0) {
        st.next = Math.min(count, st.next + SCAN_BATCH);
        continue;
      }
      const texts = rows.map((r) => {
        const t = r.text.length > RESPOND_LIMITS.matchChars ? r.text.slice(0, RESPOND_LIMITS.matchChars) : r.text;
        return t.includes('\x1b') ? t.replace(ESCAPES, '') : t;
      });
      const hits = active.map((r) => this.hits(r, s, texts));
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (row.kind === 'out' || row.kind === 'err') {
          if (st.openRow !== row.index) {
            st.openRow = row.index;
            st.openFired.clear();
          }
          for (let k = 0; k < active.length; k++) {
            const r = active[k];
            if (!hits[k].has(i) || !r.rule.enabled || st.openFired.has(r.rule.id)) continue;
            st.openFired.add(r.rule.id);
            this.fire(r, s, texts[i]);
          }
        }
        // An open row is matched again as it grows (and once more when sealed).
        if (row.open) return;
        st.next = row.index + 1;
      }
      st.next = Math.max(st.next, rows[rows.length - 1].index + 1);
    }
  }

  /** Which of `texts` the rule matches. A regex runs under a time limit, so a backtracking one cannot hold the process. */
  private hits(r: RuleState, s: Session, texts: string[]): Set<number> {
    const out = new Set<number>();
    if (!r.rule.enabled) return out;
    if (!r.re) {
      const p = r.rule.pattern;
      for (let i = 0; i < texts.length; i++) if (texts[i].includes(p)) out.add(i);
      return out;
    }
    const ctx = this.sandbox();
    ctx.re = r.re;
    ctx.texts = texts;
    const t0 = performance.now();
    try {
      for (const i of MATCH_SCRIPT.runInContext(ctx, { timeout: MATCH_TIMEOUT_MS }) as number[]) out.add(i);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
      this.stop(r, s, `its pattern took longer than ${MATCH_TIMEOUT_MS} ms to test the output (a pattern that backtracks?)`);
      return new Set();
    } finally {
      ctx.re = null;
      ctx.texts = null;
    }
    const ms = performance.now() - t0;
    const now = Date.now();
    if (now - r.windowStart >= 1000) this.newWindow(r, now);
    r.windowMs += ms;
    if (r.windowMs > SLOW_TOTAL_MS) {
      this.stop(r, s, `its pattern took ${Math.round(r.windowMs)} ms in one second (a pattern that backtracks?)`);
      return new Set();
    }
    return out;
  }

  private ctx: vm.Context | null = null;

  private sandbox(): vm.Context {
    this.ctx ??= vm.createContext({ re: null, texts: null });
    return this.ctx;
  }

  private newWindow(r: RuleState, now: number): void {
    // A window over the default limit, followed at once by this one: one more hot second.
    const limit = r.rule.perSecond ?? RESPOND_LIMITS.defaultPerSecond;
    r.hotSeconds = r.windowCount > limit && now - r.windowStart < 2000 ? r.hotSeconds + 1 : 0;
    r.windowStart = now;
    r.windowCount = 0;
    r.windowMs = 0;
  }

  private fire(r: RuleState, s: Session, text: string): void {
    const rule = r.rule;
    const now = Date.now();
    if (now - r.windowStart >= 1000) this.newWindow(r, now);
    r.echoHits = r.selfMatching && text.includes(rule.reply.trim()) ? r.echoHits + 1 : 0;
    if (r.echoHits >= ECHO_LOOP) {
      this.stop(r, s, `it answered its own reply, echoed back by the program, ${ECHO_LOOP} times in a row (a loop)`);
      return;
    }
    ++r.windowCount;
    if (rule.perSecond !== undefined && r.windowCount > rule.perSecond) {
      this.stop(r, s, `it fired more than ${rule.perSecond} times in one second (a loop?)`);
      return;
    }
    const limit = RESPOND_LIMITS.defaultPerSecond;
    if (rule.perSecond === undefined && r.windowCount > limit && r.hotSeconds >= HOT_SECONDS - 1) {
      this.stop(r, s, `it fired more than ${limit} times a second for ${HOT_SECONDS} seconds in a row (a loop?); give it a higher limit if that is expected`);
      return;
    }
    if (rule.once) {
      if (rule.scope.kind === 'session') {
        rule.enabled = false;
        rule.stopped = 'fired once';
      } else if (r.firedIn.has(s.id)) return;
      else r.firedIn.add(s.id);
    }
    rule.fired++;
    this.dirty = true;
    if (rule.delayMs > 0) {
      if (r.timers.size >= MAX_PENDING_DELAYED) return;
      const t = setTimeout(() => {
        r.timers.delete(t);
        if (this.rules.get(rule.id) === r && (rule.enabled || rule.stopped === 'fired once')) this.send(r, s);
      }, rule.delayMs);
      t.unref();
      r.timers.add(t);
    } else this.send(r, s);
  }

  private send(r: RuleState, s: Session): void {
    try {
      s.send(r.rule.reply, r.rule.ending, true);
    } catch (err) {
      s.store.note(`auto-response not sent: ${(err as Error).message}`);
      this.hooks.changed(s);
    }
  }

  private stop(r: RuleState, s: Session, why: string): void {
    r.rule.enabled = false;
    r.rule.stopped = why;
    this.cancelTimers(r);
    this.dirty = true;
    s.store.note(`auto-response stopped: ${describeRule(r.rule)} — ${why}; turn it on again in Auto-responses`);
    this.hooks.changed(s);
  }
}
