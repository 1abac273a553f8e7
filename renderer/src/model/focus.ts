/**
 * Where the person's keystrokes are going. Nothing the page does on its own (a prompt
 * arriving, a new connection) may move focus away from a field the person is typing
 * in: the rest of the typing, and the Enter meant for that field, would go elsewhere.
 */

/** Input types that take typed text (a button or checkbox does not). */
const NOT_TEXT = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image', 'hidden']);

/** Nothing has focus: the page itself (body) is where keys go. */
export function nothingFocused(doc: Document | undefined = globalThis.document): boolean {
  if (!doc) return true;
  const a = doc.activeElement;
  return !a || a === doc.body || a === doc.documentElement;
}

/** Focus is in a field that takes typing or a choice from the keyboard: text, a text area, a select. */
export function isField(el: Element | null | undefined): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NOT_TEXT.has((el as HTMLInputElement).type);
  return (el as HTMLElement).isContentEditable === true;
}

/**
 * Showing another session now would take focus from where the person is: a field
 * anywhere, or anything in the session's own area (which is replaced by the other one).
 */
export function focusBusy(doc: Document | undefined = globalThis.document): boolean {
  if (!doc || nothingFocused(doc)) return false;
  const a = doc.activeElement;
  return isField(a) || !!a?.closest('main');
}
