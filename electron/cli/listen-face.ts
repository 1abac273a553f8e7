/**
 * Terminal mode's face on the core: core events go to the printer (rows) and to stderr
 * (notices); lines typed by the person are commands or text for the current session
 * (listen-target.ts). Everything a script supplied (names, peers, commands, messages
 * that quote them) is printed through display.ts, inert.
 */
import { plainText } from '../../shared/display.ts';
import type { PortholeEvent, SessionInfo } from '../../shared/types.ts';
import type { CoreService } from '../core/service-api.ts';
import { canSend, sessionLabel, Targets } from './listen-target.ts';
import { TerminalPrinter, type PrinterOptions } from './terminal-printer.ts';
import type { Screen } from './terminal-screen.ts';

export const COMMANDS_HELP = `typed on stdin:
  text            send to the current session (shown in the prompt where stdin is a
                  terminal): the only live one, or the one chosen with /use N or @N
  @N text         send to session N, and make N the current session
  /use N          make session N the current session; /use alone shows which it is
  /eof [N]        half-close (Send EOF) the current session or N: the script reads end of input
  /close N        close session N
  /sessions       list sessions (* marks the current one)
  //text          send a line that begins with "/"
  /help           this list
A new session never becomes current by itself while another one is: it is announced,
and you choose it. A line typed while no session is current is not sent.
`;

/** How long a new session's announcement waits for its hello to name it. */
const NAME_WAIT_MS = 150;

const STATE: Record<SessionInfo['state'], string> = { live: 'live', eof: 'finished sending', closed: 'closed' };

export class TerminalFace {
  readonly printer: TerminalPrinter;
  private readonly targets = new Targets();
  private shownCurrent: number | null = null;
  /** New sessions waiting to be announced (for their hello to name them). */
  private readonly unannounced = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly service: CoreService,
    private readonly screen: Screen,
    printerOptions: PrinterOptions,
  ) {
    this.printer = new TerminalPrinter(service, screen, printerOptions, (m) => this.say(m));
    service.onEvents((events) => this.handle(events));
    this.updatePrompt();
  }

  /** A message on stderr; script-supplied text in it is made inert. */
  say(message: string): void {
    this.printer.breakLine();
    this.screen.say(plainText(message));
  }

  private handle(events: PortholeEvent[]): void {
    for (const e of events) {
      if (e.type === 'session') {
        const s = e.session;
        if (this.targets.update(s) && !s.readOnly) {
          // Announced once its hello (if any) has named it; its rows wait for the announcement.
          this.shownCurrent = this.targets.current();
          this.updatePrompt();
          this.printer.hold(s.id);
          this.unannounced.set(s.id, setTimeout(() => this.announce(s.id), NAME_WAIT_MS));
        } else {
          if (this.unannounced.has(s.id) && (s.name !== s.peer || s.state !== 'live')) this.announce(s.id);
          this.currentChanged();
        }
      } else if (e.type === 'rows') {
        this.printer.rows(e.id, e.count);
      } else if (e.type === 'notice') {
        this.say(e.message);
      } else if (e.type === 'connects') {
        for (const c of e.connects) if (c.state === 'failed' && c.error) this.say(c.error);
      }
    }
  }

  private announce(id: number): void {
    const timer = this.unannounced.get(id);
    if (timer) clearTimeout(timer);
    this.unannounced.delete(id);
    const s = this.targets.get(id)!;
    const name = plainText(s.name);
    const peer = plainText(s.peer);
    const who = name === peer ? ' from ' + peer : `: ${name} from ${peer}`;
    const how = this.targets.current() === id ? 'what you type goes to it' : `talk to it with @${id} text or /use ${id}`;
    this.printer.announce(id, `new session${who}; ${how}`);
  }

  close(): void {
    for (const timer of this.unannounced.values()) clearTimeout(timer);
    this.unannounced.clear();
    this.printer.close();
  }

  /** Tells the person when typed lines start going somewhere else (not for a new session: its announcement says). */
  private currentChanged(): void {
    const current = this.targets.current();
    if (current === this.shownCurrent) return;
    this.shownCurrent = current;
    this.updatePrompt();
    if (current !== null) this.say(`typed lines now go to ${sessionLabel(this.targets.get(current)!)}`);
    else if (this.targets.live().length > 1) this.say(`typed lines go nowhere now: ${this.targets.notSentReason()}`);
  }

  private updatePrompt(): void {
    const current = this.targets.current();
    this.screen.setPrompt(current === null ? '[-]> ' : `[${current}]> `);
  }

  /** One line typed by the person. */
  async command(line: string): Promise<void> {
    try {
      if (line.startsWith('//')) await this.send(null, line.slice(1));
      else if (line.startsWith('/')) await this.slash(line);
      else {
        const m = /^@(\d+)(?: (.*))?$/s.exec(line);
        if (m) await this.send(Number(m[1]), m[2] ?? '');
        else await this.send(null, line);
      }
    } catch (err) {
      this.say((err as Error).message);
    }
    this.currentChanged();
    this.screen.redrawPrompt();
  }

  /** Sends to session `id`, or to the current session; choosing `id` makes it current. */
  private async send(id: number | null, text: string): Promise<void> {
    const target = id ?? this.targets.current();
    if (target === null) {
      this.say(`not sent: ${this.targets.notSentReason()}`);
      return;
    }
    await this.service.invoke('session:send', { id: target, text, ending: 'lf' });
    if (id !== null) this.targets.choose(id);
  }

  private async slash(line: string): Promise<void> {
    const [cmd, arg, extra] = line.trim().split(/\s+/, 3);
    const n = arg === undefined ? null : /^\d+$/.test(arg) ? Number(arg) : NaN;
    if (extra !== undefined && cmd !== '/help') return this.say(`${cmd}: one session number at most (try /help)`);
    if (cmd === '/sessions') {
      await this.listSessions();
    } else if (cmd === '/use') {
      if (n === null) return this.sayCurrent();
      if (Number.isNaN(n)) return this.say('usage: /use N');
      const s = this.targets.get(n);
      if (!s) return this.say(`there is no session ${n}`);
      if (!canSend(s)) {
        return this.say(`session ${n} cannot be sent to (${s.eofSent ? 'you sent EOF' : STATE[s.state]}); typed lines still go ${this.whereNow()}`);
      }
      const before = this.shownCurrent;
      this.targets.choose(n);
      if (before === n) this.say(`typed lines go to ${sessionLabel(s)}`);
      else this.currentChanged();
    } else if (cmd === '/eof') {
      if (Number.isNaN(n)) return this.say('usage: /eof [N]');
      const id = n ?? this.targets.current();
      if (id === null) return this.say(`/eof: no session is current; use /eof N (${this.targets.notSentReason()})`);
      await this.service.invoke('session:eof', { id });
    } else if (cmd === '/close') {
      if (n === null || Number.isNaN(n)) return this.say('usage: /close N');
      await this.service.invoke('session:close', { id: n });
    } else if (cmd === '/help') {
      this.printer.breakLine();
      this.screen.writeErr(COMMANDS_HELP);
    } else {
      this.say(`unknown command ${plainText(cmd)} (try /help; //text sends a line beginning with "/")`);
    }
  }

  private whereNow(): string {
    const current = this.targets.current();
    return current === null ? 'nowhere' : `to ${sessionLabel(this.targets.get(current)!)}`;
  }

  private sayCurrent(): void {
    const current = this.targets.current();
    if (current !== null) this.say(`typed lines go to ${sessionLabel(this.targets.get(current)!)}`);
    else this.say(`no session is current: ${this.targets.notSentReason()}`);
  }

  private async listSessions(): Promise<void> {
    const list = await this.service.invoke('session:list', null);
    if (!list.length) return this.say('no sessions yet');
    const current = this.targets.current();
    const lines = list.map((s) => {
      const name = plainText(s.name);
      const peer = plainText(s.peer);
      const command = s.command ? `  ${plainText(s.command)}` : '';
      const state = `${STATE[s.state]}${s.eofSent ? ', EOF sent' : ''}`;
      const queued = s.queuedBytes ? `, ${s.queuedBytes} B queued` : '';
      return `${s.id === current ? '*' : ' '} [${s.id}] ${name}  ${peer !== name ? peer + '  ' : ''}${state}  in ${s.bytesIn} B / ${s.linesIn} lines, out ${s.bytesOut} B${queued}${command}\n`;
    });
    this.printer.breakLine();
    this.screen.writeErr(lines.join(''));
  }
}
