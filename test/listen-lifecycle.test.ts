/**
 * `porthole listen` as people use it all day: thousands of short scripts one after
 * another (all shown, none refused, descriptors and memory flat), and a reply typed to
 * a script that has already exited (said, not lost silently).
 */
import fs from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { runPorthole } from './helpers/listen.ts';
import { expectExit0, runPython } from './helpers/python.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait.ts';

afterAll(removeTempDirs);

const fdCount = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

it('2,000 classic scripts one after another: all shown, none refused; fds and RSS stay flat', { timeout: 120_000 }, async () => {
  const listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-churn-')]);
  try {
    const port = await listen.port();
    const pid = listen.proc.pid!;
    const script = (n: number, from: number) => runPython(`
import socket, sys
port, n, start = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
for i in range(start, start + n):
    s = socket.create_connection(('127.0.0.1', port))
    f = s.makefile('w')
    print('run %d done' % i, file=f)
    f.close(); s.close()
`, [port, n, from]);
    // A first batch warms the process up (allocator pools, code caches): growth is measured after it.
    await expectExit0(script(1000, 0), 60_000);
    await listen.waitStdout('] run 999 done', 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    const fds0 = fdCount(pid);
    const rss0 = rssKb(pid);
    await expectExit0(script(2000, 1000), 100_000);
    await listen.waitStdout('] run 2999 done', 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    const fds1 = fdCount(pid);
    const rss1 = rssKb(pid);
    process.stdout.write(`listen after 2,000 more scripts: fds ${fds0} → ${fds1}, RSS ${rss0} → ${rss1} KB\n`);
    const shown = new Set(listen.stdout().match(/\] run \d+ done/g));
    expect(shown.size).toBe(3000);
    expect(listen.stderr()).not.toMatch(/refused/);
    // The 32 half-closed connections kept and the bounded read cache, whatever the number of scripts.
    expect(fds1).toBeLessThanOrEqual(Math.max(fds0, 10) + 40);
    // Bounded: the process's own memory per finished session is measured exactly (after a
    // garbage collection) in core-lifecycle; RSS also holds the JS heap's reserve, which grows in steps.
    expect(rss1 - rss0).toBeLessThan(48 * 1024);
  } finally {
    listen.kill();
    await listen.exited;
  }
});

it('a reply typed to a script that has exited is marked not delivered, and the session closes saying so', { timeout: 30_000 }, async () => {
  const listen = runPorthole(['listen', '--port', '0', '--data-dir', tempDir('porthole-late-')]);
  try {
    const port = await listen.port();
    await expectExit0(runPython(`
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
f = s.makefile('w')
print('all done', file=f)
f.close(); s.close()
`, [port]));
    await listen.waitStdout('[1] -- script finished sending (EOF); it may have exited, so replies may not be read');
    listen.type('@1 anyone there?');
    await listen.waitStdout('[1] -- your reply was not delivered: the script had exited', 5_000);
    await listen.waitStdout('[1] -- closed: the script had exited');
    await waitFor('listen to keep running', () => listen.proc.exitCode === null, 1_000);
  } finally {
    listen.kill();
    await listen.exited;
  }
});
