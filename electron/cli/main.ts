/** `porthole` command: dispatches to its subcommands. */
const USAGE = `porthole — a window for programs that have no window

usage:
  porthole listen [--host H] [--port P] [--unix PATH] [--connect HOST:PORT]
                  [--encoding E] [--data-dir D]
      terminal mode: a session-aware \`nc -lk\`
  porthole serve  [same flags] [--ui-port P] [--open]
      browser mode: the Porthole interface served on 127.0.0.1 behind a token
  porthole run    [--host H] [--port P] [--unix PATH] [--name N] [--wait] -- CMD ARGS…
      run a program attached to a new session of a running Porthole
  porthole sessions [--data-dir D] [--json]
      the recorded sessions, live and past
  porthole export SESSION [--format dialog|text|jsonl|report] [-o FILE]
      a recorded session as a dialog file (a replayable test), text, JSON Lines or a QA report
  porthole replay FILE… [--junit OUT.xml] [--timeout S] [--update]
      run dialog files as tests, headless

  porthole COMMAND --help   details of one command
`;

const commands: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  listen: () => import('./listen.ts'),
  serve: () => import('./serve.ts'),
  run: () => import('./run.ts'),
  sessions: () => import('./sessions.ts'),
  export: () => import('./export.ts'),
  replay: () => import('./replay.ts'),
};

/**
 * The desktop app starts `porthole run` in an Electron utility process, whose argv
 * layout is Electron's; it hands the arguments over in this variable instead, which
 * goes no further than this process.
 */
function commandLine(): string[] {
  const handed = process.env.PORTHOLE_CLI_ARGV;
  delete process.env.PORTHOLE_CLI_ARGV;
  if (handed !== undefined) {
    try {
      const argv: unknown = JSON.parse(handed);
      if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) return argv;
    } catch {
      // Not ours: the command line as usual.
    }
  }
  return process.argv.slice(2);
}

const [cmd, ...rest] = commandLine();
if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
  process.stdout.write(USAGE);
  process.exit(cmd ? 0 : 2);
}
if (cmd === '--version' || cmd === '-v') {
  const { createRequire } = await import('node:module');
  const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
  process.stdout.write(`porthole ${pkg.version}\n`);
  process.exit(0);
}
const load = commands[cmd];
if (!load) {
  process.stderr.write(`porthole: unknown command '${cmd}'\n\n${USAGE}`);
  process.exit(2);
}
const { StartupError } = await import('../core/data-dir.ts');
const { UsageError } = await import('../core/options.ts');
const { installLastResort } = await import('../core/last-resort.ts');
try {
  const command = await load();
  // Once a command runs, no stray error may end it: its sessions and scripts go on.
  installLastResort();
  process.exitCode = await command.main(rest);
} catch (err) {
  // Start-up problems are one sentence for the person, not a stack trace.
  if (err instanceof StartupError || err instanceof UsageError) {
    process.stderr.write(`porthole ${cmd}: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
