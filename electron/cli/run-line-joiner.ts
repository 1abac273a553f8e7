/**
 * Joins the pieces of a line before they become a frame. An unbuffered program
 * (Python under PYTHONUNBUFFERED writes "o", " ", "1", "\n" for `print("o", 1)`)
 * would otherwise send a line in pieces, and a piece of stderr read in between
 * would split the stdout line in two rows. Complete lines go at once; an
 * unfinished tail waits at most JOIN_MS for the rest, so a prompt still shows
 * without a noticeable delay.
 */
export const JOIN_MS = 15;
const MAX_HELD = 64 * 1024;

export class LineJoiner {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly emit: (data: Buffer) => void, private readonly joinMs = JOIN_MS) {}

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.held.push(data);
    this.heldBytes += data.length;
    if (data[data.length - 1] === 0x0a || this.heldBytes >= MAX_HELD) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.joinMs);
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.heldBytes === 0) return;
    const data = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    this.emit(data);
  }
}
