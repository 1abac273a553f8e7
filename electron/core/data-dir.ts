/** Where transcripts are kept: --data-dir, else $PORTHOLE_DATA_DIR, else the OS's app-data folder. */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.PORTHOLE_DATA_DIR) return path.resolve(env.PORTHOLE_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Porthole');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Porthole');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'porthole');
}
