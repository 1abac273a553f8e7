/**
 * Keyboard switching between sessions, in the order of the session list: Ctrl+1…9 the
 * first to ninth, Ctrl+PageUp / Ctrl+PageDown the previous / next (wrapping around), and
 * in the list itself Up/Down/Home/End. Pure, so the choices are testable.
 */

/** The session a key press picks, or null when the key is not a session key (or changes nothing). */
export function sessionForKey(
  key: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean },
  order: readonly number[],
  current: number | null,
): number | null {
  const mod = key.ctrlKey || key.metaKey;
  if (!mod || key.altKey || order.length === 0) return null;
  if (!key.shiftKey && /^[1-9]$/.test(key.key)) return order[Number(key.key) - 1] ?? null;
  if (key.key === 'PageUp' || key.key === 'PageDown') return stepSession(order, current, key.key === 'PageUp' ? -1 : 1, true);
  return null;
}

/** The session `delta` places from `current` in `order`; wrapping around or stopping at the ends. */
export function stepSession(order: readonly number[], current: number | null, delta: number, wrap: boolean): number | null {
  if (order.length === 0) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (at === -1) return delta > 0 ? order[0] : order[order.length - 1];
  let next = at + delta;
  if (wrap) next = ((next % order.length) + order.length) % order.length;
  else next = Math.max(0, Math.min(order.length - 1, next));
  return order[next];
}

/** Up/Down/Home/End inside the session list. */
export function sessionForListKey(key: string, order: readonly number[], current: number | null): number | null {
  if (key === 'ArrowUp') return stepSession(order, current, -1, false);
  if (key === 'ArrowDown') return stepSession(order, current, 1, false);
  if (key === 'Home') return order[0] ?? null;
  if (key === 'End') return order[order.length - 1] ?? null;
  return null;
}
