/**
 * Read-only descriptors for transcripts whose sessions have closed, shared by all
 * sessions and bounded: ten thousand finished sessions hold at most MAX_OPEN
 * descriptors between them, and a descriptor unused the longest is closed first.
 */
import fs from 'node:fs';

const MAX_OPEN = 32;

class ReadFdCache {
  /** Insertion order is use order: the first entry is the least recently used. */
  private readonly open = new Map<string, number>();

  /** Runs fn with a descriptor for path; 0 when the file cannot be opened or read. */
  withFd(path: string, fn: (fd: number) => number): number {
    let fd = this.open.get(path);
    try {
      if (fd === undefined) {
        fd = fs.openSync(path, 'r');
        if (this.open.size >= MAX_OPEN) this.evictOldest();
      } else this.open.delete(path);
      this.open.set(path, fd);
      return fn(fd);
    } catch {
      // No such file (nothing was written to this stream), or no descriptor to spare:
      // the reader shows the bytes as missing rather than failing.
      if (fd !== undefined) this.forget(path);
      return 0;
    }
  }

  private evictOldest(): void {
    const first = this.open.keys().next();
    if (!first.done) this.forget(first.value);
  }

  forget(path: string): void {
    const fd = this.open.get(path);
    if (fd === undefined) return;
    this.open.delete(path);
    try {
      fs.closeSync(fd);
    } catch {
      // Already closed.
    }
  }

  get size(): number {
    return this.open.size;
  }
}

export const readFds = new ReadFdCache();
