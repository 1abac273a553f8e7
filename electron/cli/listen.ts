/**
 * `porthole listen`: terminal mode, a session-aware `nc -lk`. Every row is printed as
 * `[N] text`; notes as `[N] -- …`; stderr rows as `[N] ! …`. Lines typed on stdin go to
 * the most recently active live session, or to session N with `@N text`.
 */
import readline from 'node:readline';
import { terminalSafe } from '../../shared/display.ts';
import type { PortholeEvent, Row, SessionInfo } from '../../shared/types.ts';
import { COMMON_HELP, parseCommonArgs, UsageError } from '../core/options.ts';
import { createService } from '../core/service.ts';
import type { CoreService } from '../core/service-api.ts';

const HELP = `usage: porthole listen [flags]

A session-aware \`nc -lk\`: shows what every connected script prints, as [N] text
(N is the session), and sends what you type to a script's standard input.

flags:
${COMMON_HELP}
typed on stdin:
  text            send to the most recently active live session
  @N text         send to session N
  /eof [N]        half-close (Send EOF): the script reads end of input
  /close N        close session N
  /sessions       list sessions
  //text          send a line that begins with "/"
  /help           this list
`;

const PREFIX: Record<Row['kind'], string> = { out: '', err: '! ', sent: '> ', note: '-- ' };
const STATE: Record<SessionInfo['state'], string> = { live: 'live', eof: 'finished sending', closed: 'closed' };

interface Printed {
  next: number;
  /** Characters of the open last row already printed. */
  openChars: number;
}

export class TerminalFace {
  private printed = new Map<number, Printed>();
  private sessions = new Map<number, SessionInfo>();
  private lastActive: number | null = null;
  /** The output ends mid-line (a prompt was printed): which session's row. */
  private dangling: number | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly service: CoreService,
    private readonly out: NodeJS.WritableStream,
    private readonly err: NodeJS.WritableStream,
    private readonly echoSent: boolean,
  ) {
    service.onEvents((events) => {
      this.chain = this.chain.then(() => this.handle(events)).catch((e: Error) => this.say(`error: ${e.message}`));
    });
  }

  /** Resolves once everything received so far is printed. */
  idle(): Promise<void> {
    return this.chain;
  }

  private write(text: string): Promise<void> {
    if (this.out.write(text)) return Promise.resolve();
    return new Promise((r) => this.out.once('drain', () => r()));
  }

  say(message: string): void {
    if (this.dangling !== null) {
      this.out.write('\n');
      this.dangling = null;
    }
    this.err.write(`porthole: ${message}\n`);
  }

  private async handle(events: PortholeEvent[]): Promise<void> {
    for (const e of events) {
      if (e.type === 'session') {
        const before = this.sessions.get(e.session.id);
        this.sessions.set(e.session.id, e.session);
        if (!before && !e.session.readOnly) this.lastActive = e.session.id;
      } else if (e.type === 'rows') {
        await this.printRows(e.id, e.count);
      } else if (e.type === 'notice') {
        this.say(e.message);
      } else if (e.type === 'connects') {
        for (const c of e.connects) if (c.state === 'failed' && c.error) this.say(c.error);
      }
    }
  }

  private async printRows(id: number, count: number): Promise<void> {
    let p = this.printed.get(id);
    if (!p) {
      p = { next: 0, openChars: 0 };
      this.printed.set(id, p);
    }
    while (p.next < count) {
      const res = await this.service.invoke('session:rows', { id, from: p.next, to: count });
      if (!res.rows.length) break;
      let text = '';
      for (const row of res.rows) {
        if (row.kind === 'out' || row.kind === 'err') this.lastActive = id;
        if (row.kind === 'sent' && !this.echoSent) {
          if (!row.open) p.next = row.index + 1;
          continue;
        }
        if (this.dangling === id && p.openChars > 0) {
          text += terminalSafe(row.text.slice(p.openChars));
        } else {
          if (this.dangling !== null) text += '\n';
          text += `[${id}] ${PREFIX[row.kind]}${terminalSafe(row.text)}`;
        }
        if (row.open) {
          p.openChars = row.text.length;
          this.dangling = id;
          break;
        }
        text += '\n';
        this.dangling = null;
        p.openChars = 0;
        p.next = row.index + 1;
      }
      await this.write(text);
      if (res.rows[res.rows.length - 1].open) break;
    }
  }

  /** One line typed by the person. */
  async command(line: string): Promise<void> {
    let target: number | null = null;
    let text = line;
    if (line.startsWith('//')) text = line.slice(1);
    else if (line.startsWith('/')) return this.slash(line);
    else {
      const m = /^@(\d+) ?(.*)$/s.exec(line);
      if (m) {
        target = Number(m[1]);
        text = m[2];
      }
    }
    target ??= this.defaultTarget();
    if (target === null) return this.say('no live session to send to (wait for a script to connect, or use @N)');
    try {
      await this.service.invoke('session:send', { id: target, text, ending: 'lf' });
      this.lastActive = target;
    } catch (err) {
      this.say((err as Error).message);
    }
  }

  private defaultTarget(): number | null {
    const last = this.lastActive !== null ? this.sessions.get(this.lastActive) : undefined;
    if (last && last.state !== 'closed' && !last.eofSent) return last.id;
    const live = [...this.sessions.values()].filter((s) => s.state !== 'closed' && !s.eofSent && !s.readOnly);
    return live.length ? live[live.length - 1].id : null;
  }

  private async slash(line: string): Promise<void> {
    const [cmd, arg] = line.trim().split(/\s+/, 2);
    const id = arg !== undefined ? Number(arg) : this.defaultTarget();
    try {
      if (cmd === '/sessions') {
        const list = await this.service.invoke('session:list', null);
        if (!list.length) this.say('no sessions yet');
        for (const s of list) {
          this.err.write(`  [${s.id}] ${s.name}  ${s.peer !== s.name ? s.peer + '  ' : ''}${STATE[s.state]}${s.eofSent ? ', EOF sent' : ''}  in ${s.bytesIn} B / ${s.linesIn} lines, out ${s.bytesOut} B${s.queuedBytes ? `, ${s.queuedBytes} B queued` : ''}\n`);
        }
      } else if (cmd === '/eof') {
        if (id === null || Number.isNaN(id)) return this.say('usage: /eof [N]');
        await this.service.invoke('session:eof', { id });
      } else if (cmd === '/close') {
        if (arg === undefined || Number.isNaN(id)) return this.say('usage: /close N');
        await this.service.invoke('session:close', { id: id! });
      } else if (cmd === '/help') {
        this.err.write(HELP.slice(HELP.indexOf('typed on stdin:')));
      } else {
        this.say(`unknown command ${cmd} (try /help; //text sends a line beginning with "/")`);
      }
    } catch (err) {
      this.say((err as Error).message);
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommonArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`porthole listen: ${err.message}\n\n${HELP}`);
      return 2;
    }
    throw err;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.positionals.length) {
    process.stderr.write(`porthole listen: unexpected argument '${parsed.positionals[0]}'\n\n${HELP}`);
    return 2;
  }
  const { common } = parsed;
  const service = await createService({ ...common, face: 'terminal' });
  const face = new TerminalFace(service, process.stdout, process.stderr, !process.stdin.isTTY);
  const listeners = await service.invoke('listener:list', null);
  let ok = common.connects.length > 0;
  for (const l of listeners) {
    if (l.state === 'listening') {
      ok = true;
      process.stderr.write(`Listening on ${l.addresses.join(' and ')}${l.exposed ? ' (beyond loopback: other machines can connect)' : ''}\n`);
    } else process.stderr.write(`porthole: ${l.error}\n`);
  }
  for (const c of common.connects) process.stderr.write(`Connecting to ${c.host}:${c.port} (retrying until it is up)\n`);
  if (!ok) {
    await service.close();
    return 1;
  }

  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  let input = Promise.resolve();
  rl.on('line', (line) => {
    input = input.then(() => face.command(line));
  });

  return new Promise<number>((resolve) => {
    const stop = () => {
      rl.close();
      void face.idle().then(() => service.close()).then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
