/**
 * Nothing a script sends reaches the terminal raw through `porthole listen`: not in its
 * rows, not in its name, command or notes, not in /sessions or messages that quote its
 * name. Only the safe SGR subset is written, every styled row ends with a reset, and
 * invisible and bidi characters are shown as placeholders. Real process, real clients.
 */
import { expect, it } from 'vitest';
import { runPorthole, stopAfterEach, type ListenRun } from './helpers/listen.ts';
import { runPython, type PythonRun } from './helpers/python.ts';
import { tempDir } from './helpers/temp-dir.ts';

/** Everything hostile at once: title, clipboard, screen clear, cursor, conceal, blink, DCS, C1 CSI, hyperlink, bidi, zero-width. */
const HOSTILE_PY = `
E = '\\x1b'
H = (E + ']0;pwned title\\x07' + E + ']52;c;aGVsbG8=\\x07' + E + '[2J' + E + '[H' + E + '[8m' + 'invoice\\u202egpj.exe'
     + E + '[5m' + E + 'P+q' + E + '\\\\' + 'zero\\u200bwidth \\u2066iso\\u2069' + '\\x9b31m' + E + ']8;;http://evil\\x07link' + E + ']8;;\\x07'
     + E + '[?1049h' + E + '7' + E + '[6n' + '\\x07\\x08\\x00' + E + '[1;8;5;6;31m' + 'after')
`;

const FRAMED = `
import sys, json, struct, time
from socket import socket, AF_INET, SOCK_STREAM, SHUT_WR
${HOSTILE_PY}
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
hello = {'name': 'evil ' + H, 'command': 'cmd ' + H, 'pid': 4242, 'framed': True}
sock.sendall(b'\\0PORTHOLE/1 ' + json.dumps(hello).encode() + b'\\n')
def frame(kind, text):
    data = text.encode('utf-8', 'surrogatepass')
    sock.sendall(struct.pack('>BI', kind, len(data)) + data)
frame(1, 'row ' + H + '\\n')
frame(1, E + '[31mred without reset\\n')
frame(1, E + '[8mconcealed' + E + '[28m and ' + E + '[5mblinking\\n')
frame(1, 'progress 10%\\rprogress 100%\\r' + E + '[2Kover\\n')
frame(1, '\\r\\r[9] fake prefix\\r\\n')
frame(2, 'err ' + H + '\\n')
frame(1, 'Prompt ' + H)
line = sock.makefile('r').readline()
sys.stdout.write('received %s' % line); sys.stdout.flush()
frame(1, 'echo ' + H + '\\n')
frame(1, 'hostile done\\n')
frame(3, json.dumps({'code': 0, 'signal': None}))
sock.shutdown(SHUT_WR)
time.sleep(0.5)
`;

const PLAIN = `
import sys, time
from socket import socket, AF_INET, SOCK_STREAM
${HOSTILE_PY}
sock = socket(AF_INET, SOCK_STREAM)
sock.connect(('127.0.0.1', int(sys.argv[1])))
sock.sendall(('plain ' + H + '\\n').encode())
sock.sendall(b'plain done\\n')
for line in sock.makefile('r'):
    pass
`;

/** Every ESC in terminal output that is not an SGR of colours and bold/dim/italic/underline/inverse/strike. */
function unsafeEscapes(out: string): string[] {
  const bad: string[] = [];
  const re = /\x1b(\[([0-9;]*)m)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(out)) !== null) {
    if (!m[1]) {
      bad.push(JSON.stringify(out.slice(m.index, m.index + 10)));
      continue;
    }
    const p = m[2].split(';').map(Number);
    for (let k = 0; k < p.length; k++) {
      const v = p[k];
      if ((v === 38 || v === 48) && p[k + 1] === 5) k += 2;
      else if ((v === 38 || v === 48) && p[k + 1] === 2) k += 4;
      else if (![0, 1, 2, 3, 4, 7, 9].includes(v) && !(v >= 30 && v <= 37) && !(v >= 40 && v <= 47)
        && !(v >= 90 && v <= 97) && !(v >= 100 && v <= 107)) bad.push(m[0]);
    }
  }
  return bad;
}

const RAW_INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

let listen: ListenRun | undefined;
const clients: PythonRun[] = [];
stopAfterEach(() => listen, clients);

it('script-supplied names, commands, rows and notes reach the terminal inert', async () => {
  listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-safety-')]);
  const port = await listen.port();
  const framed = runPython(FRAMED, [port]);
  clients.push(framed);
  await listen.waitStdout('[1] -- program: evil ');
  await listen.waitStdout(/\[1\] Prompt [^\n]*after(\x1b\[0m)?$/);
  const plain = runPython(PLAIN, [port]);
  clients.push(plain);
  await listen.waitStdout('[2] plain done\n');

  // Messages and lists that quote the name.
  listen.type('/use 1');
  await listen.waitStderr('porthole: typed lines go to [1] evil ');
  listen.type('/use 2');
  listen.type('/use 1');
  await listen.waitStderr('porthole: typed lines now go to [1] evil ');
  listen.type('/sessions');
  await listen.waitStderr(/\* \[1\] evil /);
  listen.type('the answer');
  await framed.waitStdout('received the answer\n');
  await listen.waitStdout('[1] hostile done\n');
  await listen.waitStdout('[1] -- closed');

  const out = listen.stdout();
  const err = listen.stderr();
  // Only the safe SGR subset, and never conceal or blink.
  expect(unsafeEscapes(out)).toEqual([]);
  expect(out).not.toMatch(/\x1b\[[0-9;]*\b[568]\b/);
  // No control character but the line feed (and tab), no C1 control, no raw invisible or bidi character.
  expect(out).not.toMatch(/[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f\u0080-\u009f]/);
  expect(out).not.toMatch(RAW_INVISIBLE);
  // Every row that set a style ends with a reset before its newline.
  for (const line of out.split('\n')) {
    if (line.includes('\x1b')) expect(line.endsWith('\x1b[0m'), JSON.stringify(line)).toBe(true);
  }
  // stderr (messages, /sessions) carries no escape at all.
  expect(err).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/);
  expect(err).not.toMatch(RAW_INVISIBLE);

  // What was hidden is shown: placeholders, pictures, concealed text.
  const shown = 'invoice\u27e8U+202E\u27e9gpj.exe';
  expect(out).toMatch(new RegExp(`\\[1\\] -- new session: evil invoice\u27e8U\\+202E\u27e9gpj\\.exe`));
  // Notes are Porthole's words: plain, even where they quote the script.
  expect(out).toMatch(/\[1\] -- program: evil [^\n\x1b]*after, pid 4242 — cmd [^\n\x1b]*after\n/);
  expect(out).toContain(`[1] -- program: evil ${shown}`);
  expect(out).toContain(`— cmd ${shown}`);
  expect(out).toContain(`[1] row ${shown}zero\u27e8U+200B\u27e9width \u27e8U+2066\u27e9iso\u27e8U+2069\u27e9<U+009B>31mlink`);
  expect(out).toContain(`[1] ! err ${shown}`);
  expect(out).toContain(`[2] plain ${shown}`);
  expect(out).toContain('\u2407\u2408\u2400');
  expect(out).toMatch(/\[1\] (\x1b\[[0-9;]*m)?red without reset\x1b\[0m\n/);
  expect(out).toContain('[1] concealed and blinking\n');
  expect(out).toContain('[1] overress 100%\n');
  expect(out).toContain('[1] [9] fake prefix\n');
  expect(err).toContain(`* [1] evil ${shown}`);
  expect(err).toContain(`cmd ${shown}`);
});
