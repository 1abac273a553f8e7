/**
 * The Porthole browser-mode test object plus `python`: starts scripts from
 * e2e/helpers/py and kills whatever is still running when the test ends.
 */
import { test as base, expect } from '../fixtures/porthole.ts';
import { runPython, type PythonClient } from './python.ts';

export interface PythonFixture {
  run(script: string, args: Array<string | number>): PythonClient;
}

export const test = base.extend<{ python: PythonFixture }>({
  // Playwright reads a fixture's dependencies from this pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  python: async ({}, use, testInfo) => {
    const started: PythonClient[] = [];
    await use({
      run(script, args) {
        const client = runPython(script, args);
        started.push(client);
        return client;
      },
    });
    for (const c of started) {
      c.kill();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach(`python ${c.name}`, { body: `stdout:\n${c.stdout()}\nstderr:\n${c.stderr()}` });
      }
    }
  },
});

export { expect };
