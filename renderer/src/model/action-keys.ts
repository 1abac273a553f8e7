/**
 * Window-wide shortcuts of the actions that have no other home (Run…, Run again,
 * Connect…, Plot, Auto-responses, Close, Auto-reconnect): one table, so the key
 * handler and every tooltip say the same thing. Matched by physical key (`code`), as
 * Alt changes the character typed on some layouts.
 */
export type ActionName = 'run' | 'runAgain' | 'connect' | 'plot' | 'respond' | 'close' | 'autoReconnect';

interface ActionKey {
  code: string;
  shift: boolean;
  label: string;
}

export const ACTION_KEYS: Record<ActionName, ActionKey> = {
  run: { code: 'KeyN', shift: false, label: 'Alt+N' },
  runAgain: { code: 'KeyR', shift: true, label: 'Alt+Shift+R' },
  connect: { code: 'KeyC', shift: false, label: 'Alt+C' },
  plot: { code: 'KeyP', shift: false, label: 'Alt+P' },
  respond: { code: 'KeyA', shift: false, label: 'Alt+A' },
  close: { code: 'KeyX', shift: false, label: 'Alt+X' },
  autoReconnect: { code: 'KeyU', shift: false, label: 'Alt+U' },
};

/** The action a key press asks for, or null. */
export function actionForKey(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>): ActionName | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  for (const [name, k] of Object.entries(ACTION_KEYS) as [ActionName, ActionKey][]) {
    if (k.code === e.code && k.shift === e.shiftKey) return name;
  }
  return null;
}

/** "Plot the numbers (Alt+P)": a tooltip with its shortcut. */
export function withKey(text: string, action: ActionName): string {
  return `${text} (${ACTION_KEYS[action].label})`;
}

/** Window event by which a shortcut opens a panel that lives elsewhere (Run…, Connect…). */
export const ACTION_EVENT = 'porthole:action';

export function requestAction(name: ActionName): void {
  window.dispatchEvent(new CustomEvent(ACTION_EVENT, { detail: name }));
}

/** Subscribes to the shortcut of one action; returns how to stop. */
export function onAction(name: ActionName, run: () => void): () => void {
  const listener = (e: Event) => {
    if ((e as CustomEvent).detail === name) run();
  };
  window.addEventListener(ACTION_EVENT, listener);
  return () => window.removeEventListener(ACTION_EVENT, listener);
}
