/**
 * Manual QA tools in the window: the auto-response rules (of every session) and each
 * session's bookmarks, kept from the core's `respond` and `bookmarks` events.
 */
import type { Bookmark, RespondRule, RespondSpec } from '../../../shared/respond.ts';
import type { PortholeEvent } from '../../../shared/types.ts';
import type { AppStore } from './app-store.ts';
import { viewToolsOf } from './view-tools.ts';

export class QaTools {
  rules: RespondRule[] = [];
  readonly bookmarks = new Map<number, Bookmark[]>();
  private readonly asked = new Set<number>();

  constructor(private readonly store: AppStore) {
    store.bridge.subscribe((events) => this.onEvents(events));
    void store.bridge.invoke('respond:list', null).then((rules) => {
      this.rules = rules;
      store.changed();
    }).catch(() => undefined);
  }

  private onEvents(events: PortholeEvent[]): void {
    let changed = false;
    for (const ev of events) {
      if (ev.type === 'respond') {
        this.rules = ev.rules;
        changed = true;
      } else if (ev.type === 'bookmarks') {
        this.bookmarks.set(ev.id, ev.bookmarks);
        changed = true;
      }
    }
    if (changed) this.store.changed();
  }

  /** A session's bookmarks (asked of the core the first time). */
  marks(id: number): Bookmark[] {
    if (!this.asked.has(id)) {
      this.asked.add(id);
      void this.store.bridge.invoke('bookmark:list', { id }).then((list) => {
        this.bookmarks.set(id, list);
        this.store.changed();
      }).catch(() => undefined);
    }
    return this.bookmarks.get(id) ?? [];
  }

  private markSets = new WeakMap<Bookmark[], Set<number>>();

  /** The bookmarked row numbers of a session (one set per list, for the transcript's rows). */
  markedRows(id: number): Set<number> {
    const list = this.marks(id);
    let set = this.markSets.get(list);
    if (!set) this.markSets.set(list, (set = new Set(list.map((b) => b.row))));
    return set;
  }

  /** The row a bookmark key acts on: the first selected row, else none. */
  selectedRow(id: number): number | null {
    const h = viewToolsOf(this.store).hexRows(id);
    return h.selected && h.rows.length ? h.rows[0] : null;
  }

  async toggleMark(id: number, row: number): Promise<void> {
    const on = this.marks(id).some((b) => b.row === row);
    await this.store.run(on ? 'Could not remove the bookmark' : 'Could not bookmark the row', async () => {
      const list = on ? await this.store.bridge.invoke('bookmark:remove', { id, row }) : await this.store.bridge.invoke('bookmark:set', { id, row });
      this.bookmarks.set(id, list);
      this.store.changed();
    });
  }

  async setNote(id: number, row: number, note: string): Promise<void> {
    await this.store.run('Could not save the note', async () => {
      this.bookmarks.set(id, await this.store.bridge.invoke('bookmark:set', { id, row, note }));
      this.store.changed();
    });
  }

  async addRule(spec: RespondSpec): Promise<boolean> {
    const ok = await this.store.run('Could not add the rule', async () => {
      await this.store.bridge.invoke('respond:add', spec);
      return true;
    });
    return ok === true;
  }

  async setRule(id: number, enabled: boolean): Promise<void> {
    await this.store.run('Could not change the rule', () => this.store.bridge.invoke('respond:set', { id, enabled }));
  }

  async removeRule(id: number): Promise<void> {
    await this.store.run('Could not delete the rule', () => this.store.bridge.invoke('respond:remove', { id }));
  }
}

const tools = new WeakMap<AppStore, QaTools>();

export function qaToolsOf(store: AppStore): QaTools {
  let t = tools.get(store);
  if (!t) tools.set(store, (t = new QaTools(store)));
  return t;
}
