/**
 * Small summary files (meta.json and the like) are replaced whole: written beside
 * the target, then renamed over it, so a crash or a full disk leaves the old
 * version or the new one, never half of one. Private (0600) like every transcript file.
 */
import fs from 'node:fs';

/** Returns false when the file could not be written (the old version, if any, is intact). */
export function writeFileAtomic(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Never created.
    }
    return false;
  }
}
