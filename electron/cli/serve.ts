/** `porthole serve`: the Porthole interface in a browser, for machines without a desktop. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ListenerInfo } from '../../shared/types.ts';
import { COMMON_HELP, parseCommonArgs, parsePort, UsageError } from '../core/options.ts';
import { createService } from '../core/service.ts';
import { startWebServer } from '../web/server.ts';

const HELP = `usage: porthole serve [options] [--ui-port P] [--open]

Serves the Porthole interface on http://127.0.0.1 behind a random access token and
prints its address on a line beginning "UI: ".

options:
${COMMON_HELP}  --ui-port P         port of the interface (default 0: a free one)
  --open              open the interface in the default browser
`;

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** "Listening on 127.0.0.1:50008 and [::1]:50008", or why not. */
export function describeListener(l: ListenerInfo): string {
  const where = l.addresses.length > 0 ? l.addresses.join(' and ') : (l.path ?? `${l.host ?? ''}:${l.port ?? ''}`);
  if (l.state === 'listening') return `Listening on ${where}${l.exposed ? ' (WARNING: reachable beyond this machine)' : ''}`;
  if (l.state === 'error') return `Not listening on ${where}: ${l.error ?? 'unknown error'}`;
  return `Closed: ${where}`;
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', (err) => process.stderr.write(`porthole: could not open a browser (${err.message}); open the UI address yourself\n`));
  child.unref();
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  let uiPort = 0;
  try {
    parsed = parseCommonArgs(argv, { 'ui-port': { type: 'string' }, open: { type: 'boolean' } });
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

  const service = await createService({ ...parsed.common, face: 'browser' });
  let web;
  try {
    web = await startWebServer({ service, rendererDir: RENDERER_DIR, port: uiPort });
  } catch (err) {
    await service.close();
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'EADDRINUSE'
      ? `porthole serve: port ${uiPort} for the interface is in use; pick another with --ui-port, or 0 for a free one\n`
      : `porthole serve: ${(err as Error).message}\n`);
    return 1;
  }

  for (const l of await service.invoke('listener:list', null)) process.stdout.write(`${describeListener(l)}\n`);
  for (const c of await service.invoke('connect:list', null)) process.stdout.write(`Connecting to ${c.host}:${c.port} (retrying until it is up)\n`);
  process.stdout.write(`UI: ${web.url}\n`);
  const unsubscribe = service.onEvents((events) => {
    for (const e of events) {
      if (e.type === 'notice' && e.level !== 'info') process.stderr.write(`porthole: ${e.message}\n`);
    }
  });
  if (parsed.values.open === true) openBrowser(web.url);

  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  unsubscribe();
  await web.close();
  await service.close();
  return 0;
}
