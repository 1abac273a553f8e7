/** Replies sent, recalled with ↑/↓ like a shell's history. */
export class ReplyHistory {
  private items: string[] = [];
  /** Position while browsing: items.length means "the draft". */
  private pos = 0;
  private draft = '';

  constructor(private readonly max = 500) {}

  push(text: string): void {
    if (text !== '' && this.items[this.items.length - 1] !== text) {
      this.items.push(text);
      if (this.items.length > this.max) this.items.shift();
    }
    this.pos = this.items.length;
    this.draft = '';
  }

  /** The older entry, or null at the oldest. `current` is kept as the draft when browsing starts. */
  up(current: string): string | null {
    if (this.pos === 0) return null;
    if (this.pos === this.items.length) this.draft = current;
    this.pos--;
    return this.items[this.pos];
  }

  /** The newer entry (the draft after the newest), or null when not browsing. */
  down(): string | null {
    if (this.pos >= this.items.length) return null;
    this.pos++;
    return this.pos === this.items.length ? this.draft : this.items[this.pos];
  }

  get size(): number {
    return this.items.length;
  }
}

/** The caret is on the first line of the text (↑ browses history instead of moving the caret). */
export function caretOnFirstLine(text: string, caret: number): boolean {
  return text.lastIndexOf('\n', caret - 1) < 0;
}

/** The caret is on the last line of the text. */
export function caretOnLastLine(text: string, caret: number): boolean {
  return text.indexOf('\n', caret) < 0;
}
