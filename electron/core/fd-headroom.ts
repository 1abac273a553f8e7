/**
 * How close the process is to its limit of open files. When libuv runs out of
 * descriptors while accepting it closes the waiting connections without telling
 * anyone, so Porthole refuses new connections itself (with a message) while some
 * descriptors are still free. Linux only (/proc); elsewhere the check says "fine".
 */
import fs from 'node:fs';

/** Descriptors kept free for transcripts, the interface and the refusals themselves. */
export const FD_RESERVE = 16;

let cachedLimit: number | null | undefined;

export function openFileLimit(): number | null {
  if (cachedLimit !== undefined) return cachedLimit;
  cachedLimit = null;
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (m && m[1] !== 'unlimited') cachedLimit = Number(m[1]);
  } catch {
    // Not Linux.
  }
  return cachedLimit;
}

/** The limit when fewer than FD_RESERVE descriptors are free, else null. */
export function nearFdLimit(): number | null {
  const limit = openFileLimit();
  if (limit === null) return null;
  let open: number;
  try {
    open = fs.readdirSync('/proc/self/fd').length;
  } catch (err) {
    // Not even a descriptor for reading the list: certainly at the limit.
    return (err as NodeJS.ErrnoException).code === 'EMFILE' ? limit : null;
  }
  return limit - open < FD_RESERVE ? limit : null;
}
