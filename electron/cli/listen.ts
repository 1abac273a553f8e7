/**
 * `porthole listen`: terminal mode, a session-aware `nc -lk`. Every row is printed as
 * `[N] text`; notes as `[N] -- …`; stderr rows as `[N] ! …`, all of it inert (safe
 * colours only, every other escape removed, controls and invisible characters shown).
 * Lines typed on stdin go to the current session only (listen-target.ts).
 */
import readline from 'node:readline';
import { COMMON_HELP, parseCommonArgs, UsageError } from '../core/options.ts';
import { createService } from '../core/service.ts';
import { COMMANDS_HELP, TerminalFace } from './listen-face.ts';
import { Screen } from './terminal-screen.ts';

const HELP = `usage: porthole listen [flags]

A session-aware \`nc -lk\`: shows what every connected script prints, as [N] text
(N is the session), and sends what you type to the current session's standard input.

flags:
${COMMON_HELP}
${COMMANDS_HELP}`;

/** Typed lines waiting for earlier ones to be handled; beyond this, stdin is not read. */
const MAX_PENDING_LINES = 1000;
/** How long stopping waits for the last output to be printed. */
const STOP_FLUSH_MS = 2000;

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

  // Where stdin is a terminal, the person types on a prompt line that shows the current session.
  const stdinTTY = process.stdin.isTTY === true;
  const promptStream = !stdinTTY ? null : process.stdout.isTTY ? process.stdout : process.stderr.isTTY ? process.stderr : null;
  const rl = readline.createInterface({
    input: process.stdin,
    output: promptStream ?? undefined,
    terminal: promptStream !== null,
    historySize: 200,
  });
  const screen = new Screen(process.stdout, process.stderr);
  if (promptStream) {
    screen.setPromptLine({
      clear: () => {
        readline.clearLine(promptStream, 0);
        readline.cursorTo(promptStream, 0);
      },
      redraw: () => rl.prompt(true),
      setPrompt: (text) => {
        if (text === rl.getPrompt()) return;
        readline.clearLine(promptStream, 0);
        readline.cursorTo(promptStream, 0);
        rl.setPrompt(text);
        rl.prompt(true);
      },
    });
  }
  const face = new TerminalFace(service, screen, { echoSent: !stdinTTY, wholeLines: promptStream === process.stdout });
  screen.redrawPrompt();

  const pending: string[] = [];
  let busy = false;
  const work = async () => {
    busy = true;
    while (pending.length) {
      await face.command(pending.shift()!);
      if (pending.length < MAX_PENDING_LINES / 10) rl.resume();
    }
    busy = false;
  };
  rl.on('line', (line) => {
    pending.push(line);
    if (pending.length >= MAX_PENDING_LINES) rl.pause();
    if (!busy) void work();
  });
  // End of input (Ctrl-D, or a pipe that ends): output goes on, without a prompt.
  rl.on('close', () => screen.setPromptLine(null));

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      screen.setPromptLine(null);
      rl.close();
      if (promptStream) promptStream.write('\n');
      const flushed = Promise.race([face.printer.idle(), new Promise((r) => setTimeout(r, STOP_FLUSH_MS).unref())]);
      void flushed.then(() => {
        face.close();
        return service.close();
      }).then(() => resolve(0));
    };
    rl.on('SIGINT', stop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
