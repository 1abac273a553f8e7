/**
 * Bookmarks on a session's rows (findings of manual QA): a row and a short note, kept in
 * the session's folder as bookmarks.json, replaced whole (atomic-file.ts) on each change,
 * so they survive a restart and come back with the past session.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BOOKMARK_LIMITS, type Bookmark } from '../../shared/respond.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const BOOKMARKS_FILE = 'bookmarks.json';

export class BookmarkError extends Error {}

/** The bookmarks stored in a session folder (none when the file is missing or unreadable). */
export function readBookmarks(dir: string): Bookmark[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path.join(dir, BOOKMARKS_FILE), 'utf8'));
  } catch {
    return [];
  }
  const list = (data as { bookmarks?: unknown })?.bookmarks;
  if (!Array.isArray(list)) return [];
  const out: Bookmark[] = [];
  for (const b of list.slice(0, BOOKMARK_LIMITS.maxPerSession)) {
    const x = b as Partial<Bookmark>;
    if (typeof x.row === 'number' && Number.isSafeInteger(x.row) && x.row >= 0) {
      out.push({ row: x.row, note: typeof x.note === 'string' ? x.note.slice(0, BOOKMARK_LIMITS.maxNoteChars) : '', at: typeof x.at === 'number' ? x.at : 0 });
    }
  }
  return out.sort((a, b) => a.row - b.row);
}

/** A note as a person gives it: one line, bounded. */
export function checkNote(note: string): string {
  const clean = note.replace(/[\r\n\t]+/g, ' ').trim();
  if ([...clean].length > BOOKMARK_LIMITS.maxNoteChars) throw new BookmarkError(`a bookmark's note can have at most ${BOOKMARK_LIMITS.maxNoteChars} characters`);
  if (/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(clean)) throw new BookmarkError('a note cannot hold control characters or direction overrides');
  return clean;
}

/** The bookmarks of every loaded session, read from disk once and written on each change. */
export class BookmarkStore {
  private readonly cache = new Map<string, Bookmark[]>();

  list(dir: string): Bookmark[] {
    let l = this.cache.get(dir);
    if (!l) {
      l = readBookmarks(dir);
      this.cache.set(dir, l);
    }
    return l;
  }

  /** Adds a bookmark on `row`, or changes its note; returns the list. */
  set(dir: string, row: number, rowCount: number, note?: string): Bookmark[] {
    if (row >= rowCount) throw new BookmarkError(`there is no row ${row + 1} (the session has ${rowCount})`);
    const clean = note === undefined ? undefined : checkNote(note);
    const l = [...this.list(dir)];
    const i = l.findIndex((b) => b.row === row);
    if (i >= 0) l[i] = { ...l[i], note: clean ?? l[i].note };
    else {
      if (l.length >= BOOKMARK_LIMITS.maxPerSession) throw new BookmarkError(`at most ${BOOKMARK_LIMITS.maxPerSession} bookmarks in a session`);
      l.push({ row, note: clean ?? '', at: Date.now() });
      l.sort((a, b) => a.row - b.row);
    }
    return this.save(dir, l);
  }

  remove(dir: string, row: number): Bookmark[] {
    const l = this.list(dir).filter((b) => b.row !== row);
    return this.save(dir, l);
  }

  forget(dir: string): void {
    this.cache.delete(dir);
  }

  private save(dir: string, l: Bookmark[]): Bookmark[] {
    if (!writeFileAtomic(path.join(dir, BOOKMARKS_FILE), JSON.stringify({ porthole: 1, bookmarks: l }, null, 1))) {
      throw new BookmarkError(`the bookmarks could not be saved in ${dir}`);
    }
    this.cache.set(dir, l);
    return l;
  }
}
