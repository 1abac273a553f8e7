import { describe, expect, it } from 'vitest';
import { focusBusy, isField, nothingFocused } from './focus.ts';

/** Just enough of an element and a document for these checks. */
function el(tagName: string, extra: { type?: string; isContentEditable?: boolean; inMain?: boolean } = {}): Element {
  return { tagName, type: extra.type ?? 'text', isContentEditable: extra.isContentEditable ?? false, closest: (sel: string) => (sel === 'main' && extra.inMain ? {} : null) } as unknown as Element;
}
function doc(active: Element | null): Document {
  const body = el('BODY');
  return { body, documentElement: el('HTML'), activeElement: active === null ? body : active } as unknown as Document;
}

describe('focus', () => {
  it('nothing focused: the body, or no element', () => {
    expect(nothingFocused(doc(null))).toBe(true);
    expect(nothingFocused(doc(el('TEXTAREA')))).toBe(false);
    expect(nothingFocused(undefined)).toBe(true);
  });

  it.each([
    ['TEXTAREA', {}, true],
    ['SELECT', {}, true],
    ['INPUT', { type: 'search' }, true],
    ['INPUT', { type: 'text' }, true],
    ['INPUT', { type: 'checkbox' }, false],
    ['BUTTON', {}, false],
    ['DIV', { isContentEditable: true }, true],
    ['DIV', {}, false],
  ] as const)('%s %j is a field: %s', (tag, extra, expected) => {
    expect(isField(el(tag, extra))).toBe(expected);
  });

  it('a field anywhere, or anything in the session area, is busy; a sidebar button is not', () => {
    expect(focusBusy(doc(el('INPUT', { type: 'text' })))).toBe(true);
    expect(focusBusy(doc(el('BUTTON', { inMain: true })))).toBe(true);
    expect(focusBusy(doc(el('BUTTON')))).toBe(false);
    expect(focusBusy(doc(null))).toBe(false);
  });
});
