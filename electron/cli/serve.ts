/** `porthole serve`: the Porthole interface in a browser, for machines without a desktop. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ListenerInfo } from '../../shared/types.ts';
import { COMMON_HELP, parseCommonArgs, parsePort, UsageError } from '../core/options.ts';
import { createService } from '../core/service.ts';
import { nodeRunner } from '../core/launcher.ts';
import { loadPersistentSecret, SECRET_FILE } from '../web/browser-secret.ts';
import { inForeground, watchForEnter } from '../web/enter-for-address.ts';
import { openInBrowser, writeLauncher, type Launcher } from '../web/open-launcher.ts';
import { startWebServer } from '../web/server.ts';

const HELP = `usage: porthole serve [options] [--ui-port P] [--open] [--allow-run]

Serves the Porthole interface on http://127.0.0.1 and prints a one-time address
for it on a line beginning "UI: ". The browser that opens that address first is
signed in (by a cookie) and sent on to http://127.0.0.1:PORT/; the address then
stops working, as it does if unused for 10 minutes.

Press Enter in this terminal to print a fresh one-time address (for another
browser, or when the last one has expired).

options:
${COMMON_HELP}  --ui-port P         port of the interface (default 0: a free one). With a fixed
                      port the sign-in is kept across restarts (the secret is in
                      DATA_DIR/${SECRET_FILE}), so a bookmark of http://127.0.0.1:P/
                      keeps working in a browser that has signed in once
  --open              open the interface in the default browser (the address is
                      handed over in a private file, never on a command line)
  --allow-run         let the interface start programs (Run…, Run again, Replay).
                      Off by default: whoever is signed in to the interface could
                      then run any command as you (see docs/security.md)
`;

/** Said in the interface where Run… would be. */
export const RUN_OFF_REASON = 'Starting programs from the browser is off. Start `porthole serve --allow-run` to allow it; whoever is signed in to this page could then run any command as you.';

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** "Listening on 127.0.0.1:50008 and [::1]:50008", or why not. */
export function describeListener(l: ListenerInfo): string {
  const where = l.addresses.length > 0 ? l.addresses.join(' and ') : (l.path ?? `${l.host ?? ''}:${l.port ?? ''}`);
  if (l.state === 'listening') return `Listening on ${where}${l.exposed ? ' (WARNING: reachable beyond this machine)' : ''}`;
  if (l.state === 'error') return `Not listening on ${where}: ${l.error ?? 'unknown error'}`;
  return `Closed: ${where}`;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  let uiPort = 0;
  try {
    parsed = parseCommonArgs(argv, { 'ui-port': { type: 'string' }, open: { type: 'boolean' }, 'allow-run': { type: 'boolean' } });
    if (parsed.values['ui-port'] !== undefined) uiPort = parsePort(parsed.values['ui-port'] as string, '--ui-port');
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`porthole serve: ${err.message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!existsSync(`${RENDERER_DIR}/index.html`)) {
    process.stderr.write(`porthole serve: the interface is not built (no ${RENDERER_DIR}/index.html).\nRun \`npm run build\` first.\n`);
    return 1;
  }

  const service = await createService({
    ...parsed.common,
    face: 'browser',
    // This very command, started again as `porthole run`.
    runner: nodeRunner(process.execPath, [process.argv[1]]),
    allowRun: parsed.values['allow-run'] === true,
    runOffReason: RUN_OFF_REASON,
  });
  let web;
  try {
    let secret: string | undefined;
    if (uiPort !== 0) {
      const kept = loadPersistentSecret(parsed.common.dataDir);
      if (kept.warning) process.stderr.write(`porthole serve: ${kept.warning}\n`);
      else secret = kept.secret;
    }
    web = await startWebServer({ service, rendererDir: RENDERER_DIR, port: uiPort, secret });
  } catch (err) {
    await service.close();
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'EADDRINUSE'
      ? `porthole serve: port ${uiPort} for the interface is in use; pick another with --ui-port, or 0 for a free one\n`
      : `porthole serve: ${(err as Error).message}\n`);
    return 1;
  }

  // Listen for the stop signals before printing the address: whoever reads it may stop us at once.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  // A listener that failed is reported here once; its notice, queued at start, is not repeated below.
  const reported = new Set<string>();
  for (const l of await service.invoke('listener:list', null)) {
    process.stdout.write(`${describeListener(l)}\n`);
    if (l.error) reported.add(l.error);
  }
  for (const c of await service.invoke('connect:list', null)) process.stdout.write(`Connecting to ${c.host}:${c.port} (retrying until it is up)\n`);
  if (parsed.values['allow-run'] === true) process.stdout.write('The interface may start programs (--allow-run).\n');
  process.stdout.write(`UI: ${web.url}\n`);
  const server = web;
  const stopWatching = watchForEnter(process.stdin, () => process.stdout.write(`UI: ${server.freshUrl()}\n`));
  if (process.stdin.isTTY && inForeground()) process.stdout.write('(one-time address; press Enter here for a fresh one)\n');
  const unsubscribe = service.onEvents((events) => {
    for (const e of events) {
      if (e.type === 'notice' && e.level !== 'info' && !reported.delete(e.message)) process.stderr.write(`porthole: ${e.message}\n`);
    }
  });
  let launcher: Launcher | undefined;
  if (parsed.values.open === true) {
    try {
      launcher = writeLauncher(web.freshUrl());
      openInBrowser(launcher.href, (why) => process.stderr.write(`porthole: could not open a browser (${why}); open the UI address yourself\n`));
    } catch (err) {
      process.stderr.write(`porthole: could not open a browser (${(err as Error).message}); open the UI address yourself\n`);
    }
  }

  await stopped;
  unsubscribe();
  stopWatching();
  launcher?.remove();
  await web.close();
  await service.close();
  return 0;
}
