/**
 * End of file both ways (a client's half-close, Porthole's Send EOF), a peer that
 * resets the connection mid-line, and the connection limit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dialog, startCore, texts, type TestCore } from './helpers/core.ts';
import { CLIENT_PRELUDE, expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

let t: TestCore;
afterEach(async () => {
  await t?.close();
});
afterAll(removeTempDirs);

describe('end of file', () => {
  it('a client that half-closes: state eof, Porthole can still send and the client receives it', async () => {
    t = await startCore();
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
out = sock.makefile('w')
out.write('everything I had to say\\nand a last unfinished')
out.flush()
sock.shutdown(SHUT_WR)
sys.__stdout__.write('half-closed\\n'); sys.__stdout__.flush()
for line in sock.makefile('r'):
    sys.__stdout__.write('received: ' + line); sys.__stdout__.flush()
sys.__stdout__.write('porthole sent EOF\\n')
`, [t.port]);
    const s = await t.session((x) => x.state === 'eof');
    const rows = await t.rowsUntil(s.id, (r) => r.some((x) => x.text === 'script finished sending (EOF); it may have exited, so replies may not be read'));
    expect(dialog(rows).slice(1)).toEqual(['out:everything I had to say', 'out:and a last unfinished', 'note:script finished sending (EOF); it may have exited, so replies may not be read']);
    // The unfinished line is kept, and no longer open once the script said it is done.
    expect(rows[2]).toMatchObject({ open: false });
    expect(s).toMatchObject({ state: 'eof', eofSent: false });
    await py.waitStdout('half-closed');
    await t.send(s.id, 'still reachable');
    await t.send(s.id, 'and again', 'crlf');
    await py.waitStdout('received: and again\n');
    expect(py.proc.exitCode).toBeNull();
    await t.core.invoke('session:eof', { id: s.id });
    const out = await expectExit0(py);
    expect(out).toBe('half-closed\nreceived: still reachable\nreceived: and again\nporthole sent EOF\n');
    // Both sides have half-closed: the session is over.
    const end = await t.rowsUntil(s.id, (r) => r[r.length - 1].text === 'closed');
    expect(dialog(end).slice(4)).toEqual(['sent:still reachable', 'sent:and again', 'note:you sent EOF (end of input)', 'note:closed']);
    expect(await t.info(s.id)).toMatchObject({ state: 'closed', eofSent: true, bytesOut: 'still reachable\nand again\r\n'.length });
    // Faces learn each state from the session events.
    await t.event('session', (e) => e.session.id === s.id && e.session.state === 'closed');
    const states = t.events.flatMap((e) => (e.type === 'session' && e.session.id === s.id ? [e.session.state] : []));
    expect([...new Set(states)]).toEqual(['live', 'eof', 'closed']);
  });

  it("Porthole's Send EOF ends the script's `for line in sys.stdin` loop; its last words still arrive", async () => {
    t = await startCore();
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w')
sys.stdin = sock.makefile('r')
print('send me lines, then EOF'); sys.stdout.flush()
n = 0
for line in sys.stdin:
    n += 1
    print('echo', line.rstrip('\\n')); sys.stdout.flush()
print('loop ended after', n, 'lines'); sys.stdout.flush()
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    await t.rowsUntil(s.id, (r) => texts(r, 'out').includes('send me lines, then EOF'));
    for (const w of ['a', 'b b', 'c']) {
      await t.send(s.id, w);
      await t.rowsUntil(s.id, (r) => texts(r, 'out').includes(`echo ${w}`));
    }
    await t.core.invoke('session:eof', { id: s.id });
    await expect(t.send(s.id, 'too late')).rejects.toThrow(/already sent EOF/);
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, (r) => r[r.length - 1].text === 'closed');
    expect(dialog(rows).slice(1)).toEqual([
      'out:send me lines, then EOF', 'sent:a', 'out:echo a', 'sent:b b', 'out:echo b b', 'sent:c', 'out:echo c',
      'note:you sent EOF (end of input)', 'out:loop ended after 3 lines', 'note:script finished sending (EOF); it may have exited, so replies may not be read', 'note:closed',
    ]);
    expect(await t.info(s.id)).toMatchObject({ state: 'closed', eofSent: true });
  });
});

describe('a peer that resets the connection', () => {
  it('mid-line: the note says the connection was reset and the partial line is kept', async () => {
    t = await startCore();
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sock.sendall('a complete line\\nhalf a li'.encode())
sock.makefile('r').readline()
# SO_LINGER with a zero timeout: close() sends a reset instead of a FIN.
sock.setsockopt(SOL_SOCKET, SO_LINGER, struct.pack('ii', 1, 0))
sock.close()
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    await t.rowsUntil(s.id, (r) => r.some((x) => x.kind === 'out' && x.open && x.text === 'half a li'));
    await t.send(s.id, 'reset now');
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, (r) => r[r.length - 1].text.startsWith('closed'));
    expect(dialog(rows).slice(1)).toEqual(['out:a complete line', 'out:half a li', 'sent:reset now', 'note:closed: connection reset by the script']);
    expect(rows.some((r) => r.open)).toBe(false);
    expect(texts(rows, 'note')).not.toContain('script finished sending (EOF); it may have exited, so replies may not be read');
    expect(await t.info(s.id)).toMatchObject({ state: 'closed', bytesIn: 25 });
    expect(fs.readFileSync(path.join(t.dataDir, 'sessions', s.key, 'out.bin'), 'latin1')).toBe('a complete line\nhalf a li');
    expect(fs.readFileSync(path.join(t.dataDir, 'sessions', s.key, 'sent.bin'), 'latin1')).toBe('reset now\n');
    await expect(t.send(s.id, 'after the reset')).rejects.toThrow(/session \d+ is closed/);
  });
});

describe('maximum connections', () => {
  it('with maxConnections 3 the 4th client is refused with a message, and a notice says so', async () => {
    t = await startCore({ maxConnections: 3 });
    const waiting = [0, 1, 2].map(() => runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdin = sock.makefile('r')
sys.__stdout__.write('told: ' + input() + '\\n')
`, [t.port]));
    await t.session(() => true);
    for (let i = 0; i < 200 && (await t.sessions()).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await t.sessions()).toHaveLength(3);
    const fourth = runPython(`${CLIENT_PRELUDE}
sock = connect()
data = sock.makefile('r').read()
sys.stdout.write('READ:' + data)
`, [t.port]);
    const out = await expectExit0(fourth);
    expect(out).toMatch(/^READ:Porthole: too many connections \(3 scripts are sending at once\); this one was refused\..*\n$/);
    const notice = await t.event('notice', (e) => /refused/.test(e.message));
    expect(notice.level).toBe('warning');
    expect(notice.message).toMatch(/^refused a connection from 127\.0\.0\.1:\d+: already 3 scripts sending at once/);
    expect(await t.sessions()).toHaveLength(3);
    // The three admitted sessions are unaffected.
    for (const s of await t.sessions()) await t.send(s.id, `you are ${s.id}`);
    const told = (await Promise.all(waiting.map((w) => expectExit0(w)))).sort();
    expect(told).toEqual((await t.sessions()).map((s) => `told: you are ${s.id}\n`).sort());
  });
});
