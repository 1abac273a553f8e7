/**
 * A connect-out session whose script (the listener) exits and starts again goes on in
 * the same session: by the person's Reconnect, or on its own with auto-reconnect; its
 * rows continue, the attempts back off and can be stopped, and the name follows the
 * program that listens.
 */
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, type TestCore } from './helpers/core.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';
import { nextDelay, MAX_DELAY_MS } from '../electron/core/reconnect.ts';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});
afterAll(removeTempDirs);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** A script that listens, greets the one connection, echoes one line and exits. */
const listener = (port: number, greeting: string) => runPython(`
import sys
from socket import socket, AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR
sock = socket(AF_INET, SOCK_STREAM)
sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
sock.bind(('127.0.0.1', int(sys.argv[1])))
sock.listen(1)
conn, addr = sock.accept()
out = conn.makefile('w')
inp = conn.makefile('r')
out.write(sys.argv[2] + '\\n'); out.flush()
line = inp.readline()
out.write('echo: ' + line); out.flush()
conn.close()
`, [port, greeting]);

describe('reconnecting a connect-out session', () => {
  it('with auto-reconnect, goes on in the same session when the script starts listening again', async () => {
    t = await startCore({ noListener: true });
    const port = await freePort();
    const first = listener(port, 'first run');
    await t.core.invoke('connect:start', { host: '127.0.0.1', port, retryMs: 100, autoReconnect: true });
    const s = await t.session((x) => x.origin === 'connected');
    expect(s.reconnect).toMatchObject({ auto: true, target: `127.0.0.1:${port}` });
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'first run'));
    await t.send(s.id, 'one');
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'echo: one'));
    await expectExit0(first);
    // The script is gone: the session ends and keeps trying, visibly.
    const waiting = await t.session((x) => x.id === s.id && x.state === 'closed' && x.reconnect?.state === 'trying' && (x.reconnect?.attempts ?? 0) >= 2);
    expect(waiting.reconnect?.error).toMatch(/nothing is listening/);
    const rowsBefore = (await t.rows(s.id)).length;

    const second = listener(port, 'second run');
    const back = await t.session((x) => x.id === s.id && x.state === 'live', 10_000);
    expect(back.reconnect?.state).toBe('idle');
    const rows = await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'second run'));
    expect(rows.some((x) => x.kind === 'note' && x.text === `reconnected to 127.0.0.1:${port}`)).toBe(true);
    // Row numbers continue: what was there stays where it was.
    expect(rows.slice(0, rowsBefore).map((r) => r.index)).toEqual([...Array(rowsBefore).keys()]);
    expect(rows.findIndex((x) => x.text === 'second run')).toBeGreaterThan(rowsBefore - 1);
    await t.send(s.id, 'two');
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'echo: two'));
    await expectExit0(second);
    expect((await t.sessions()).filter((x) => x.origin === 'connected')).toHaveLength(1);
    // Stopped: no attempt follows.
    await t.session((x) => x.id === s.id && x.reconnect?.state === 'trying');
    await t.core.invoke('session:reconnect', { id: s.id, stop: true });
    const stopped = await t.session((x) => x.id === s.id && x.reconnect?.state === 'idle');
    await new Promise((r) => setTimeout(r, 600));
    expect((await t.info(s.id)).reconnect?.attempts).toBe(stopped.reconnect?.attempts);
    expect((await t.info(s.id)).state).toBe('closed');
  }, 30_000);

  it('Reconnect by hand continues the ended session; a live one or an accepted one is refused', async () => {
    t = await startCore();
    const port = await freePort();
    const first = listener(port, 'alpha');
    await t.core.invoke('connect:start', { host: '127.0.0.1', port, retryMs: 100 });
    const s = await t.session((x) => x.origin === 'connected');
    expect(s.reconnect).toMatchObject({ auto: false, state: 'idle' });
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'alpha'));
    await expect(t.core.invoke('session:reconnect', { id: s.id })).rejects.toThrow(/still connected/);
    await t.send(s.id, 'x');
    await expectExit0(first);
    await t.session((x) => x.id === s.id && x.state === 'eof');
    // Not on its own.
    await new Promise((r) => setTimeout(r, 400));
    expect((await t.info(s.id)).reconnect?.state).toBe('idle');

    const second = listener(port, 'beta');
    await t.core.invoke('session:reconnect', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'live');
    const rows = await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'beta'));
    expect(rows.map((r) => r.text)).toEqual(expect.arrayContaining(['alpha', 'echo: x', 'beta', `reconnected to 127.0.0.1:${port}`]));
    await t.send(s.id, 'y');
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'echo: y'));
    await expectExit0(second);

    // A session that was accepted has nowhere to connect to.
    await expectExit0(runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'hi\\n')
s.close()
`, [t.port]));
    const accepted = await t.session((x) => x.origin === 'accepted' && x.state !== 'live');
    await expect(t.core.invoke('session:reconnect', { id: accepted.id })).rejects.toThrow(/did not connect out/);
  }, 30_000);

  it('the session is named after the program that listens, when the OS can tell', async () => {
    if (process.platform !== 'linux') return void console.log('skipped: naming by process needs /proc (Linux)');
    t = await startCore({ noListener: true });
    const port = await freePort();
    const py = listener(port, 'named');
    await t.core.invoke('connect:start', { host: '127.0.0.1', port, retryMs: 100 });
    const s = await t.session((x) => x.origin === 'connected' && x.name !== `127.0.0.1:${port}`);
    expect(s.name).toMatch(/\.py$|^python/);
    expect(s.program).toBe(s.name);
    // Renamed, it stays a run of its program (what the list groups by).
    const renamed = await t.core.invoke('session:rename', { id: s.id, name: 'staging check' });
    expect([renamed.name, renamed.program]).toEqual(['staging check', s.program]);
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'named'));
    await t.send(s.id, 'bye');
    await expectExit0(py);
  }, 20_000);

  it('waits for a free slot when the connection limit is reached, then goes on', async () => {
    t = await startCore({ maxConnections: 1 });
    const port = await freePort();
    const first = listener(port, 'before');
    await t.core.invoke('connect:start', { host: '127.0.0.1', port, retryMs: 100, autoReconnect: true });
    const s = await t.session((x) => x.origin === 'connected');
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'before'));
    await t.send(s.id, 'x');
    await expectExit0(first);
    await t.session((x) => x.id === s.id && x.state === 'closed');
    // Another script takes the only slot and keeps it until it reads a line.
    const holder = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'holding\\n')
s.makefile('r').readline()
`, [t.port]);
    const held = await t.session((x) => x.origin === 'accepted' && x.state === 'live');
    const second = listener(port, 'after');
    await t.session((x) => x.id === s.id && /already 1 scripts/.test(x.reconnect?.error ?? ''), 10_000);
    expect((await t.info(s.id)).state).toBe('closed');
    await t.send(held.id, 'go');
    await expectExit0(holder);
    await t.session((x) => x.id === s.id && x.state === 'live', 15_000);
    await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'after'));
    await t.send(s.id, 'y');
    await expectExit0(second);
  }, 30_000);

  it('backs off between attempts up to a few seconds', () => {
    let d = 200;
    const seen = [d];
    for (let i = 0; i < 12; i++) seen.push((d = nextDelay(d)));
    expect(seen[1]).toBeGreaterThan(seen[0]);
    expect(Math.max(...seen)).toBe(MAX_DELAY_MS);
  });
});
