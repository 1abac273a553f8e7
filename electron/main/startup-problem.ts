/**
 * A problem that stops the app starting (a bad flag, a data folder that is a file or
 * cannot be written) is one sentence — the error's own message, which the core and the
 * flag parser write for people — never a stack trace.
 */
export const STARTUP_EXIT_STATUS = 2;

export function startupMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line ?? 'Porthole could not start.';
}
