/**
 * Text vs bytes end to end: UTF-8 (split characters, invalid bytes), Latin-1 and
 * Windows-1252 both ways, the exact bytes kept in the transcript, and prompts
 * (unfinished lines) visible at once, growing in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCore, texts, type TestCore } from './helpers/core.ts';
import { CLIENT_PRELUDE, expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs } from './helpers/temp-dir.ts';

let t: TestCore;
afterEach(async () => {
  await t?.close();
});
afterAll(removeTempDirs);

const file = (t: TestCore, key: string, name: string) => fs.readFileSync(path.join(t.dataDir, 'sessions', key, name));
const eof = (r: { text: string }[]) => r.some((x) => x.text === 'script finished sending (EOF); it may have exited, so replies may not be read');

describe('UTF-8 (the default)', () => {
  it('decodes text, characters split across reads, and shows invalid bytes as U+FFFD while out.bin keeps them', async () => {
    t = await startCore();
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w', encoding='utf-8')
sys.stdin = sock.makefile('r', encoding='utf-8')
print('héllo wörld — ✓ 🐍'); sys.stdout.flush()
# One character split over two sends, well apart in time.
sock.sendall(b'split: \\xe2\\x9c'); time.sleep(0.2); sock.sendall(b'\\x93 and \\xf0\\x9f'); time.sleep(0.2); sock.sendall(b'\\x90\\x8d\\n')
sock.sendall(b'bad \\xff\\xfe bytes and a lone \\xc3 end\\n')
sock.sendall(b'nul\\x00 and bell\\x07\\r\\n')
print('you said', repr(input())); sys.stdout.flush()
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    await t.rowsUntil(s.id, (r) => texts(r, 'out').length >= 4);
    await t.send(s.id, 'ünïcödé ✓');
    await expectExit0(py);
    const rows = await t.rowsUntil(s.id, eof);
    expect(texts(rows, 'out')).toEqual([
      'héllo wörld — ✓ 🐍',
      'split: ✓ and 🐍',
      'bad \uFFFD\uFFFD bytes and a lone \uFFFD end',
      // Control characters stay in the row's text (the faces show them visibly); CRLF is one ending.
      'nul\u0000 and bell\u0007',
      "you said 'ünïcödé ✓'",
    ]);
    const out = file(t, s.key, 'out.bin');
    const expected = Buffer.concat([
      Buffer.from('héllo wörld — ✓ 🐍\nsplit: ✓ and 🐍\n'),
      Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xfe]), Buffer.from(' bytes and a lone '), Buffer.from([0xc3]), Buffer.from(' end\n'),
      Buffer.from('nul\x00 and bell\x07\r\n'),
      Buffer.from("you said 'ünïcödé ✓'\n"),
    ]);
    expect(out.equals(expected)).toBe(true);
    expect(file(t, s.key, 'sent.bin').equals(Buffer.from('ünïcödé ✓\n'))).toBe(true);
    expect(await t.info(s.id)).toMatchObject({ encoding: 'utf-8', bytesIn: expected.length, linesIn: 5 });
  });
});

describe('single-byte encodings', () => {
  it('Latin-1 as the service encoding: decoded on the way in, encoded on the way out', async () => {
    t = await startCore({ encoding: 'latin1' });
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w', encoding='latin-1')
sys.stdin = sock.makefile('r', encoding='latin-1')
print('café, niño, größe ± ½'); sys.stdout.flush()
reply = input('Réponse? ')
sys.__stdout__.write(reply.encode('unicode_escape').decode() + '\\n')
print('reçu:', reply)
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    expect(s.encoding).toBe('latin1');
    await t.rowsUntil(s.id, (r) => r.some((x) => x.open && x.text === 'Réponse? '));
    await t.send(s.id, 'señor ÿ');
    const pyOut = await expectExit0(py);
    expect(pyOut).toBe('se\\xf1or \\xff\n');
    const rows = await t.rowsUntil(s.id, eof);
    expect(texts(rows, 'out')).toEqual(['café, niño, größe ± ½', 'Réponse? ', 'reçu: señor ÿ']);
    expect(texts(rows, 'sent')).toEqual(['señor ÿ']);
    expect(file(t, s.key, 'sent.bin').equals(Buffer.from('se\xf1or \xff\n', 'latin1'))).toBe(true);
    expect(file(t, s.key, 'out.bin').toString('latin1')).toBe('café, niño, größe ± ½\nRéponse? reçu: señor ÿ\n');
  });

  it('Windows-1252 chosen on a live session re-decodes its rows; replies use it too', async () => {
    t = await startCore();
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sys.stdout = sock.makefile('w', encoding='cp1252')
sys.stdin = sock.makefile('r', encoding='cp1252')
print('\\u20ac 5 \\u201cquoted\\u201d \\u2013 na\\u00efve'); sys.stdout.flush()
reply = input()
sys.__stdout__.write(reply.encode('unicode_escape').decode() + '\\n')
`, [t.port]);
    const s = await t.session((x) => x.origin === 'accepted');
    // Read as UTF-8 the bytes are not valid text.
    const asUtf8 = await t.rowsUntil(s.id, (r) => texts(r, 'out').length === 1);
    expect(texts(asUtf8, 'out')[0]).toBe('\uFFFD 5 \uFFFDquoted\uFFFD \uFFFD na\uFFFDve');
    const info = await t.core.invoke('session:encoding', { id: s.id, encoding: 'cp1252' });
    expect(info.encoding).toBe('windows-1252');
    const rows = await t.rowsUntil(s.id, (r) => texts(r, 'out')[0] === '€ 5 “quoted” – naïve');
    expect(rows).toHaveLength(asUtf8.length);
    // Faces hear that every row changed.
    await t.event('rows', (e) => e.id === s.id && e.changedFrom === 0 && e.tail.some((r) => r.text === '€ 5 “quoted” – naïve'));
    await t.send(s.id, '€uro – ok');
    expect(await expectExit0(py)).toBe('\\u20acuro \\u2013 ok\n');
    expect(file(t, s.key, 'sent.bin').equals(Buffer.from([0x80, ...Buffer.from('uro '), 0x96, ...Buffer.from(' ok\n')]))).toBe(true);
    expect(file(t, s.key, 'out.bin').equals(Buffer.from([0x80, ...Buffer.from(' 5 '), 0x93, ...Buffer.from('quoted'), 0x94, 0x20, 0x96, ...Buffer.from(' na'), 0xef, ...Buffer.from('ve\n')]))).toBe(true);
    await expect(t.core.invoke('session:encoding', { id: s.id, encoding: 'utf-16le' })).rejects.toThrow(/unknown encoding/);
  });
});

describe('prompts', () => {
  it('an unfinished line is visible at once as an open row and grows in place', async () => {
    t = await startCore();
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
sock.sendall(b'Enter your')
sock.makefile('r').readline()
sock.sendall(b' name: ')
time.sleep(5)
`, [t.port]);
    try {
      const s = await t.session((x) => x.origin === 'accepted');
      const t0 = Date.now();
      const first = await t.rowsUntil(s.id, (r) => r.some((x) => x.kind === 'out'), 2_000);
      // Well under the 5 s the script keeps the line unfinished.
      expect(Date.now() - t0).toBeLessThan(1_000);
      const open = first.find((x) => x.kind === 'out')!;
      expect(open).toMatchObject({ text: 'Enter your', open: true });
      expect(open.index).toBe(first.length - 1);
      // The tail of a rows event carries the open row too.
      await t.event('rows', (e) => e.id === s.id && e.tail.some((r) => r.open && r.text === 'Enter your'));
      // The sent row seals the prompt; the next bytes continue it on a new row.
      await t.send(s.id, 'go');
      const grown = await t.rowsUntil(s.id, (r) => r[r.length - 1].text === ' name: ');
      expect(grown.slice(-3).map((r) => [r.kind, r.text, r.open, r.cont])).toEqual([
        ['out', 'Enter your', false, false], ['sent', 'go', false, false], ['out', ' name: ', true, true],
      ]);
      expect(py.proc.exitCode).toBeNull();
    } finally {
      py.kill();
    }
  });

  it('a prompt that arrives in pieces grows in the same row', async () => {
    t = await startCore();
    const py = runPython(`${CLIENT_PRELUDE}
sock = connect()
for piece in [b'Pass', b'word', b' (hidden)', b': ']:
    sock.sendall(piece); time.sleep(0.15)
time.sleep(5)
`, [t.port]);
    try {
      const s = await t.session((x) => x.origin === 'accepted');
      const seen = new Set<string>();
      const rows = await t.rowsUntil(s.id, (r) => {
        const o = r.find((x) => x.kind === 'out');
        if (o) seen.add(`${o.index}:${o.text}:${o.open}`);
        return o?.text === 'Password (hidden): ';
      });
      expect(rows.filter((r) => r.kind === 'out')).toHaveLength(1);
      expect(rows[rows.length - 1]).toMatchObject({ text: 'Password (hidden): ', open: true });
      // Each piece was seen as it arrived, in the same row.
      expect([...seen]).toEqual(expect.arrayContaining(['1:Pass:true', '1:Password:true', '1:Password (hidden):true']));
    } finally {
      py.kill();
    }
  });
});
