/**
 * How the desktop app starts `porthole run` (the core's launcher.ts): in an Electron
 * utility process running the built command, so no separate Node is needed and the
 * packaged app keeps its run-as-node fuse off. The arguments travel in
 * PORTHOLE_CLI_ARGV (electron/cli/main.ts), not in Electron's own argv layout.
 */
import { utilityProcess } from 'electron';
import type { RunnerSpawn } from '../core/launcher.ts';

export function utilityRunner(cliMain: string): RunnerSpawn {
  return (args, opts) => {
    const child = utilityProcess.fork(cliMain, [], {
      cwd: opts.cwd,
      env: { ...opts.env, PORTHOLE_CLI_ARGV: JSON.stringify(args) },
      stdio: ['ignore', 'ignore', 'pipe'],
      serviceName: 'Porthole run',
    });
    return {
      stderr: child.stderr,
      kill: () => void child.kill(),
      onExit: (cb) => void child.once('exit', (code) => cb(`status ${code}`)),
      onError: (cb) => void child.once('error', (type, location) => cb(new Error(`${type} at ${location}`))),
    };
  };
}
