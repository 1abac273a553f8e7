/** Auto-responses in the core, against real Python scripts over loopback, and through `porthole listen --respond`. */
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseCommonArgs, UsageError } from '../electron/core/options.ts';
import { parseRespondRule, type RespondSpec } from '../shared/respond.ts';
import { startCore, type TestCore } from './helpers/core.ts';
import { runPorthole, type ListenRun } from './helpers/listen.ts';
import { expectExit0, runPython, type PythonRun } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

let t: TestCore | null = null;
let listen: ListenRun | null = null;
const scripts: PythonRun[] = [];
afterEach(async () => {
  for (const s of scripts.splice(0)) s.kill();
  await t?.close();
  t = null;
  listen?.kill();
  await listen?.exited;
  listen = null;
});

const rule = (over: Partial<RespondSpec>): RespondSpec => ({ pattern: 'x', regex: false, reply: '', ending: 'lf', once: false, delayMs: 0, scope: { kind: 'all' }, ...over });

/** Asks `Continue? [y/N] ` N times (no newline: a prompt), counting the y answers. */
const PROMPTS = `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rw', newline='')
n = int(sys.argv[2])
yes = 0
for i in range(n):
    f.write('Continue? [y/N] '); f.flush()
    line = f.readline()
    if line == 'y\\n': yes += 1
    else: print('bad answer', repr(line)); break
f.write('answered %d of %d\\n' % (yes, n)); f.flush()
s.close()
print('yes', yes)
`;

/** Echoes each line it reads back as output (a reply matching its own rule loops). */
const ECHO = `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rw', newline='')
f.write('ping\\n'); f.flush()
for line in f:
    f.write(line); f.flush()
`;

async function exportText(core: TestCore['core'], id: number, format: 'text' | 'jsonl' | 'report'): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  await core.exportSession(id, format, out);
  return text;
}

describe('auto-responses in the core', () => {
  it('answers 1000 prompts of Continue? [y/N] at full speed, none missed, each an auto row, under the default loop guard', { timeout: 60_000 }, async () => {
    t = await startCore();
    const r = await t.core.invoke('respond:add', rule({ pattern: 'Continue? [y/N]', reply: 'y' }));
    expect(r).toMatchObject({ id: 1, enabled: true, fired: 0 });
    const py = runPython(PROMPTS, [t.port, 1000]);
    scripts.push(py);
    const done = await expectExit0(py);
    expect(done).toContain('yes 1000');
    const s = await t.session((x) => x.state !== 'live');
    const rows = await t.rowsUntil(s.id, (rs) => rs.some((x) => x.text === 'answered 1000 of 1000'));
    const autos = rows.filter((x) => x.kind === 'auto');
    expect(autos).toHaveLength(1000);
    expect(autos.every((x) => x.text === 'y')).toBe(true);
    expect(rows.filter((x) => x.kind === 'sent')).toHaveLength(0);
    expect((await t.core.invoke('respond:list', null))[0].fired).toBe(1000);
    await t.event('respond', (e) => e.rules[0]?.fired === 1000);
    // Exports mark them: text with ">> ", JSON Lines with kind "auto".
    const text = await exportText(t.core, s.id, 'text');
    expect(text.match(/\] >> y\n/g)).toHaveLength(1000);
    const jsonl = (await exportText(t.core, s.id, 'jsonl')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(jsonl.filter((x) => x.kind === 'auto')).toHaveLength(1000);
  });

  it('keeps auto rows apart from typed ones after a restart (the log says which were automatic)', async () => {
    const dataDir = tempDir('porthole-respond-');
    t = await startCore({ dataDir, respond: [parseRespondRule('Name?=>robot')] });
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rw', newline='')
f.write('Name? '); f.flush(); a = f.readline()
f.write('Colour? '); f.flush(); b = f.readline()
f.write('got %s %s' % (a.strip(), b.strip())); f.flush()
s.close()
`, [t.port]);
    scripts.push(py);
    const s = await t.session(() => true);
    await t.rowsUntil(s.id, (rs) => rs.some((x) => x.kind === 'auto') && rs.some((x) => x.text.includes('Colour?')));
    await t.send(s.id, 'blue');
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, (rs) => rs.some((x) => x.text === 'got robot blue'));
    expect(rows.filter((x) => x.kind === 'auto').map((x) => x.text)).toEqual(['robot']);
    expect(rows.filter((x) => x.kind === 'sent').map((x) => x.text)).toEqual(['blue']);
    await t.core.invoke('session:close', { id: s.id });
    await t.session((x) => x.id === s.id && x.state === 'closed');
    await t.close();
    t = await startCore({ dataDir });
    const past = await t.core.invoke('past:open', { key: s.key });
    const again = await t.rows(past.id);
    expect(again.filter((x) => x.kind === 'auto').map((x) => x.text)).toEqual(['robot']);
    expect(again.filter((x) => x.kind === 'sent').map((x) => x.text)).toEqual(['blue']);
  });

  it('never fires on sent rows, notes or its own auto rows', async () => {
    t = await startCore();
    // 'hello' appears only in what the person sends (and in the connected note's peer? no): never in output.
    await t.core.invoke('respond:add', rule({ pattern: 'hello', reply: 'AUTO' }));
    await t.core.invoke('respond:add', rule({ pattern: 'connected', reply: 'AUTO-NOTE' }));
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rw', newline='')
f.write('ready\\n'); f.flush()
line = f.readline()
f.write('got it\\n'); f.flush()
print(repr(line))
line2 = s.recv(100, socket.MSG_DONTWAIT) if False else b''
s.close()
`, [t.port]);
    scripts.push(py);
    const s = await t.session(() => true);
    await t.rowsUntil(s.id, (rs) => rs.some((x) => x.text === 'ready'));
    await t.send(s.id, 'hello there');
    const done = await expectExit0(py);
    expect(done.trim()).toBe("'hello there\\n'");
    const rows = await t.rowsUntil(s.id, (rs) => rs.some((x) => x.text === 'got it'));
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.rows(s.id)).filter((x) => x.kind === 'auto')).toEqual([]);
    expect(rows.some((x) => x.kind === 'note' && x.text.includes('connected'))).toBe(true);
    expect((await t.core.invoke('respond:list', null)).map((x) => x.fired)).toEqual([0, 0]);
  });

  it('stops a rule that answers its own echo (loop guard) and says so in the session', async () => {
    t = await startCore();
    await t.core.invoke('respond:add', rule({ pattern: 'ping', reply: 'ping' }));
    const py = runPython(ECHO, [t.port]);
    scripts.push(py);
    const s = await t.session(() => true);
    const rows = await t.rowsUntil(s.id, (rs) => rs.some((x) => x.kind === 'note' && x.text.startsWith('auto-response stopped')));
    const note = rows.find((x) => x.kind === 'note' && x.text.startsWith('auto-response stopped'))!;
    expect(note.text).toContain('answered its own reply, echoed back by the program, 3 times in a row');
    // The script's ping, then two echoes of its own reply: the third stops it unsent.
    const autos = rows.filter((x) => x.kind === 'auto').length;
    expect(autos).toBe(2);
    const [listed] = await t.core.invoke('respond:list', null);
    expect(listed.enabled).toBe(false);
    expect(listed.stopped).toContain('(a loop)');
    await t.event('respond', (e) => e.rules[0]?.stopped !== undefined);
    // Nothing more is sent once stopped.
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.rows(s.id)).filter((x) => x.kind === 'auto').length).toBe(autos);
    // Turned on again it starts afresh: a typed ping starts the loop again, and it trips again.
    expect((await t.core.invoke('respond:set', { id: listed.id, enabled: true })).enabled).toBe(true);
    await t.send(s.id, 'ping');
    await t.rowsUntil(s.id, (rs) => rs.filter((x) => x.kind === 'note' && x.text.startsWith('auto-response stopped')).length === 2);
  });

  it('stops a runaway prompt loop: at once past its own limit, else after five seconds over 50 a second', { timeout: 30_000 }, async () => {
    t = await startCore();
    const limited = await t.core.invoke('respond:add', rule({ pattern: 'Continue? [y/N]', reply: 'y', perSecond: 20 }));
    scripts.push(runPython(PROMPTS, [t.port, 10_000_000]));
    const s = await t.session(() => true);
    let rows = await t.rowsUntil(s.id, (rs) => rs.some((x) => x.kind === 'note' && x.text.startsWith('auto-response stopped')));
    expect(rows.find((x) => x.kind === 'note' && x.text.startsWith('auto-response stopped'))!.text).toContain('more than 20 times in one second');
    expect(rows.filter((x) => x.kind === 'auto')).toHaveLength(20);
    await t.core.invoke('respond:remove', { id: limited.id });

    const t0 = Date.now();
    await t.core.invoke('respond:add', rule({ pattern: 'Continue? [y/N]', reply: 'y' }));
    // The person answers the prompt left waiting; the new rule takes over from there.
    await t.send(s.id, 'y');
    rows = await t.rowsUntil(s.id, (rs) => rs.filter((x) => x.kind === 'note' && x.text.startsWith('auto-response stopped')).length === 2, 20_000);
    const ms = Date.now() - t0;
    const note = rows.filter((x) => x.kind === 'note' && x.text.startsWith('auto-response stopped'))[1];
    expect(note.text).toContain('more than 50 times a second for 5 seconds in a row');
    expect(ms).toBeGreaterThanOrEqual(4_000);
    expect(rows.filter((x) => x.kind === 'auto').length).toBeGreaterThan(250);
  });

  it('once, delay, regex, per session and per program', async () => {
    t = await startCore();
    const py = runPython(`
import socket, sys, json, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'\\0PORTHOLE/1 ' + json.dumps({"name": "quiz.py"}).encode() + b'\\n')
f = s.makefile('rw', newline='')
got = []
for q in ['Q1 Password: ', 'Q2 password: ', 'Q3 PIN? ']:
    t0 = time.time()
    f.write(q); f.flush()
    got.append((f.readline().strip(), round((time.time() - t0) * 1000)))
f.write(json.dumps(got) + '\\n'); f.flush()
s.close()
`, [t.port]);
    scripts.push(py);
    const s = await t.session(() => true);
    await t.rowsUntil(s.id, (rs) => rs.some((x) => x.text.includes('Q1')));
    // Added while Q1 waits: the waiting prompt is answered.
    await t.core.invoke('respond:add', rule({ pattern: '^Q\\d password:', regex: true, flags: 'i', reply: 'secret', once: true, scope: { kind: 'session', id: s.id } }));
    await t.core.invoke('respond:add', rule({ pattern: 'password', reply: 'second', delayMs: 300, scope: { kind: 'program', program: 'quiz.py' } }));
    // A rule of another program never fires here.
    await t.core.invoke('respond:add', rule({ pattern: 'PIN?', reply: 'never', scope: { kind: 'program', program: 'other.py' } }));
    await t.core.invoke('respond:add', rule({ pattern: 'PIN?', reply: '1234', scope: { kind: 'session', id: s.id } }));
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, (rs) => rs.some((x) => x.text.startsWith('[[')));
    const got = JSON.parse(rows.find((x) => x.text.startsWith('[['))!.text) as [string, number][];
    expect(got.map((g) => g[0])).toEqual(['secret', 'second', '1234']);
    expect(got[1][1]).toBeGreaterThanOrEqual(280);
    const list = await t.core.invoke('respond:list', null);
    expect(list[0]).toMatchObject({ enabled: false, stopped: 'fired once', fired: 1 });
    // A rule for a session that does not exist is refused.
    await expect(t.core.invoke('respond:add', rule({ scope: { kind: 'session', id: 999 } }))).rejects.toThrow('there is no session 999');
    await expect(t.core.invoke('respond:add', rule({ pattern: '(', regex: true }))).rejects.toThrow('not a valid regular expression');
    expect(list[2].fired).toBe(0);
    await t.core.invoke('respond:remove', { id: list[0].id });
    expect((await t.core.invoke('respond:list', null)).length).toBe(3);
  });

  it('stops a pattern that backtracks for too long instead of holding the event loop', { timeout: 30_000 }, async () => {
    t = await startCore();
    await t.core.invoke('respond:add', rule({ pattern: '^(a+)+$', regex: true, reply: 'no' }));
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'a' * 27 + b'!\\n')
s.sendall(b'after\\n')
s.close()
`, [t.port]);
    scripts.push(py);
    const s = await t.session(() => true);
    // The rule is stopped, and the output after the row it choked on still arrives.
    const rows = await t.rowsUntil(s.id, (rs) => rs.some((x) => x.kind === 'note' && x.text.includes('backtracks')) && rs.some((x) => x.text === 'after'), 20_000);
    expect(rows.findIndex((x) => x.text === 'after')).toBeGreaterThan(rows.findIndex((x) => x.text.startsWith('aaaa')));
    expect((await t.core.invoke('respond:list', null))[0].enabled).toBe(false);
  });
});

describe('--respond', () => {
  it.each<[string, Partial<RespondSpec>]>([
    ['Continue? [y/N]=>y', { pattern: 'Continue? [y/N]', reply: 'y', regex: false }],
    ['Name?=>', { pattern: 'Name?', reply: '' }],
    ['a=>b=>c', { pattern: 'a', reply: 'b=>c' }],
    ['/^pass(word)?:/i=>hunter2', { pattern: '^pass(word)?:', regex: true, flags: 'i', reply: 'hunter2' }],
    ['/a=>b/=>c', { pattern: 'a=>b', regex: true, flags: '', reply: 'c' }],
    ['{once,delay=250,ending=crlf}OK?=>yes', { pattern: 'OK?', once: true, delayMs: 250, ending: 'crlf', reply: 'yes' }],
    ['{limit=500,program=quiz.py}Q=>A', { perSecond: 500, scope: { kind: 'program', program: 'quiz.py' } }],
  ])('%s', (text, want) => {
    expect(parseRespondRule(text)).toMatchObject(want);
    expect(parseCommonArgs(['--respond', text], {}, {}).common.respond).toHaveLength(1);
  });

  it.each([
    ['no arrow', 'has no \'=>\''],
    ['=>reply', 'empty pattern'],
    ['/(/=>x', 'not a valid regular expression'],
    ['/a/g=>x', 'regex flags may be i, m, s and u'],
    ['/abc/x=>y', 'regex flags may be i, m, s and u'],
    ['{sometimes}a=>b', "unknown or malformed option 'sometimes'"],
    ['{delay=soon}a=>b', "malformed option 'delay=soon'"],
    ['{limit=0}a=>b', "malformed option 'limit=0'"],
  ])('refuses %j: %s', (text, message) => {
    expect(() => parseCommonArgs(['--respond', text], {}, {})).toThrow(UsageError);
    expect(() => parseCommonArgs(['--respond', text], {}, {})).toThrow(message);
  });

  it('porthole listen --respond answers prompts, prints auto rows as >>, and a bad rule exits 2', { timeout: 30_000 }, async () => {
    const bad = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-respond-'), '--respond', 'nothing here']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr()).toContain("porthole listen: --respond: 'nothing here' has no '=>'");
    const badServe = runPorthole(['serve', '--port', '0', '--data-dir', tempDir('porthole-respond-'), '--respond', '{sometimes}x=>y']);
    expect((await badServe.exited).code).toBe(2);
    expect(badServe.stderr()).toContain("porthole serve: --respond: unknown or malformed option 'sometimes'");

    listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-respond-'), '--respond', 'Continue? [y/N]=>y', '--respond', '/^name\\?/i=>Ada']);
    const port = await listen.port();
    const py = runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('rw', newline='')
got = []
for q in ['Name? ', 'Continue? [y/N] ', 'Continue? [y/N] ', 'Continue? [y/N] ', 'Continue? [y/N] ']:
    f.write(q); f.flush()
    got.append(f.readline().strip())
f.write('answered ' + ' '.join(got) + '\\n'); f.flush()
s.close()
print('yes', len([g for g in got if g]))
`, [port]);
    scripts.push(py);
    const done = await expectExit0(py);
    expect(done).toContain('yes 5');
    await listen.waitStdout('answered Ada y y y y');
    const out = listen.stdout();
    expect(out).toContain('[1] >> Ada\n');
    expect(out.match(/\[1\] >> y\n/g)).toHaveLength(4);
  });
});
