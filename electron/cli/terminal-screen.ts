/**
 * The terminal as terminal mode writes to it: script output on stdout, Porthole's own
 * messages on stderr, and, where stdin is a terminal, a prompt line that is taken
 * away before anything is printed and drawn again after it, so output and what the
 * person is typing do not run into each other. Writes never queue without bound:
 * stdout reports when it is full (the printer waits), and messages to a blocked
 * stderr are counted and dropped.
 */
import type { Writable } from 'node:stream';

/** The line where the person types (readline's prompt). */
export interface PromptLine {
  /** Takes the prompt and the typed text off the screen. */
  clear(): void;
  /** Draws them again, keeping what was typed. */
  redraw(): void;
  setPrompt(text: string): void;
}

type Stream = Writable & { isTTY?: boolean };

/** Messages beyond this many bytes waiting for a blocked stderr are dropped. */
const MAX_ERR_BACKLOG = 256 * 1024;

export class Screen {
  private dead = false;
  private droppedMessages = 0;
  private drainWaiters: (() => void)[] = [];
  private prompt: PromptLine | null = null;

  constructor(
    private readonly out: Stream,
    private readonly err: Stream,
  ) {
    const wake = () => this.wake();
    out.on('drain', wake);
    out.on('close', () => this.die());
    out.on('error', () => this.die());
  }

  /** Attaches the prompt line (only where stdin is a terminal). */
  setPromptLine(prompt: PromptLine | null): void {
    this.prompt = prompt;
  }

  setPrompt(text: string): void {
    this.prompt?.setPrompt(text);
  }

  /** Draws the prompt again (after a command is done). */
  redrawPrompt(): void {
    this.prompt?.redraw();
  }

  /** False once stdout is gone (closed, EPIPE): output is then only in the transcript. */
  get alive(): boolean {
    return !this.dead;
  }

  /** Writes script output; false when stdout's buffer is full (wait with `drained`). */
  write(text: string): boolean {
    if (this.dead || text === '') return true;
    const tty = this.prompt !== null && this.out.isTTY === true;
    if (tty) this.prompt!.clear();
    const ok = this.out.write(text);
    if (tty) this.prompt!.redraw();
    return ok || this.dead;
  }

  /** Resolves when stdout can take more (or is gone). */
  drained(): Promise<void> {
    if (this.dead || !this.out.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** A message from Porthole on stderr: "porthole: …". */
  say(message: string): void {
    this.writeErr(`porthole: ${message}\n`);
  }

  /** Text for stderr as it is (lists, help). */
  writeErr(text: string): void {
    if ((this.err.writableLength ?? 0) > MAX_ERR_BACKLOG) {
      this.droppedMessages++;
      return;
    }
    if (this.droppedMessages) {
      text = `porthole: ${this.droppedMessages} messages not shown (stderr was blocked)\n${text}`;
      this.droppedMessages = 0;
    }
    const tty = this.prompt !== null && this.err.isTTY === true;
    if (tty) this.prompt!.clear();
    this.err.write(text);
    if (tty) this.prompt!.redraw();
  }

  private wake(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    this.wake();
    this.say('standard output is closed: output is no longer printed (all of it is in the transcript)');
  }
}
