/** `porthole serve` with its listener's port taken: the reason is printed once, and the interface still starts. */
import net from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { runPorthole } from './helpers/listen.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dir.ts';

afterAll(removeTempDirs);

it('reports a port in use once, naming the port and what to do', { timeout: 30_000 }, async () => {
  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen({ host: '127.0.0.1', port: 0 }, r));
  const port = (busy.address() as net.AddressInfo).port;
  const run = runPorthole(['serve', '--host', '127.0.0.1', '--port', String(port), '--ui-port', '0', '--data-dir', tempDir('porthole-serve-')]);
  try {
    const deadline = Date.now() + 20_000;
    while (!/^UI: /m.test(run.stdout()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(run.stdout()).toMatch(/^UI: /m);
    // Notices queued at start reach the terminal soon after the address.
    await new Promise((r) => setTimeout(r, 500));
    const all = run.stdout() + run.stderr();
    expect(all.match(new RegExp(`port ${port} on 127\\.0\\.0\\.1:${port} is already in use`, 'g'))).toHaveLength(1);
    expect(all).toMatch(/choose another port/);
  } finally {
    run.kill('SIGTERM');
    await run.exited;
    await new Promise((r) => busy.close(r));
  }
});
