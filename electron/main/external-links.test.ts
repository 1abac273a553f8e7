import { describe, expect, it } from 'vitest';
import { allowedExternal, documentationLinks, DOCUMENTATION_LINKS } from './external-links.ts';
import pkg from '../../package.json' with { type: 'json' };

describe('documentationLinks', () => {
  it.each([
    { p: {}, links: [] },
    { p: { homepage: 'https://porthole.example/' }, links: ['https://porthole.example/'] },
    { p: { repository: { type: 'git', url: 'git+https://github.com/o/porthole.git' } }, links: ['https://github.com/o/porthole'] },
    { p: { repository: 'https://github.com/o/porthole', homepage: 'https://github.com/o/porthole' }, links: ['https://github.com/o/porthole'] },
    { p: { repository: 'github:o/porthole', homepage: 'http://porthole.example/' }, links: [] },
    { p: { homepage: 'javascript:alert(1)', repository: 42 }, links: [] },
  ])('$p → $links', ({ p, links }) => {
    expect(documentationLinks(p)).toEqual(links);
  });

  it("are package.json's", () => {
    expect(DOCUMENTATION_LINKS).toEqual(documentationLinks(pkg as never));
  });
});

describe('allowedExternal', () => {
  const list = ['https://github.com/o/porthole', 'https://porthole.example/docs/'];
  it.each([
    ['https://github.com/o/porthole', 'https://github.com/o/porthole'],
    ['https://github.com/o/porthole/blob/main/docs/security.md#top', 'https://github.com/o/porthole/blob/main/docs/security.md#top'],
    ['https://porthole.example/docs/', 'https://porthole.example/docs/'],
    ['https://porthole.example/docs/a?b=c', 'https://porthole.example/docs/a?b=c'],
    ['https://github.com/o/porthole-evil', null],
    ['https://github.com/o/porthole/../other', null],
    ['https://github.com/o', null],
    ['https://porthole.example/docs', null],
    ['https://porthole.example.evil/docs/', null],
    ['http://github.com/o/porthole', null],
    ['https://x@github.com/o/porthole', null],
    ['file:///etc/passwd', null],
    ['not a url', null],
  ])('%s → %s', (url, allowed) => {
    expect(allowedExternal(url, list)).toBe(allowed);
  });

  it('allows nothing with an empty list', () => {
    expect(allowedExternal('https://github.com/o/porthole', [])).toBeNull();
  });
});
