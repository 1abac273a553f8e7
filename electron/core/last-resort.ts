/**
 * The last line of defence: an error no code path caught is logged and the process
 * keeps serving its sessions (each known fault is handled where it happens; this is
 * for the unknown ones). The same message is logged at most once a minute.
 */
const REPEAT_MS = 60_000;

export function installLastResort(log: (line: string) => void = (l) => process.stderr.write(l + '\n')): () => void {
  const lastSeen = new Map<string, number>();
  const report = (kind: string, err: unknown) => {
    const message = err instanceof Error ? err.stack ?? err.message : String(err);
    const key = message.slice(0, 500);
    const now = Date.now();
    if (now - (lastSeen.get(key) ?? -Infinity) < REPEAT_MS) return;
    if (lastSeen.size > 100) lastSeen.clear();
    lastSeen.set(key, now);
    log(`porthole: internal error (${kind}), still running: ${message}`);
  };
  const onException = (err: unknown) => report('uncaught exception', err);
  const onRejection = (err: unknown) => report('unhandled rejection', err);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
