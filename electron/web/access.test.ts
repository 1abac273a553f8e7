import { describe, expect, it } from 'vitest';
import { cookieValues, createSecret, OneTimeCodes, secretsEqual, SECRET_PATTERN, sessionCookie } from './access.ts';

describe('one-time codes', () => {
  it('work once each, and not after their lifetime', () => {
    let now = 1_000;
    const codes = new OneTimeCodes(60_000, 32, () => now);
    const a = codes.mint();
    const b = codes.mint();
    expect(a).toMatch(SECRET_PATTERN);
    expect(codes.redeem(a)).toBe('ok');
    expect(codes.redeem(a)).toBe('invalid');
    now += 60_000;
    expect(codes.redeem(b)).toBe('invalid');
    expect(codes.outstanding).toBe(0);
    const c = codes.mint();
    now += 59_999;
    expect(codes.redeem(c)).toBe('ok');
  });

  it('refuse what was never minted, and keep at most `max` outstanding', () => {
    const codes = new OneTimeCodes(60_000, 3);
    expect(codes.redeem('')).toBe('invalid');
    expect(codes.redeem('x'.repeat(100_000))).toBe('invalid');
    expect(codes.redeem(createSecret())).toBe('invalid');
    const minted = Array.from({ length: 5 }, () => codes.mint());
    expect(codes.outstanding).toBe(3);
    expect(minted.map((c) => codes.redeem(c))).toEqual(['invalid', 'invalid', 'ok', 'ok', 'ok']);
  });
});

describe('cookies', () => {
  it('reads every value of a name and never throws', () => {
    expect(cookieValues('a=1; b=2; a=3', 'a')).toEqual(['1', '3']);
    expect(cookieValues(' a = 1 ;a="2"', 'a')).toEqual(['1', '2']);
    expect(cookieValues(undefined, 'a')).toEqual([]);
    expect(cookieValues(['a=1', 'a=2'], 'a')).toEqual(['1', '2']);
    for (const bad of ['%', '%E0%A4%A', 'a=%E0%A4%A', '=', ';;;', 'a', '\u0000', 'a=\uD800', ';'.repeat(100_000)]) {
      expect(() => cookieValues(bad, 'a')).not.toThrow();
    }
    expect(cookieValues('a=%E0%A4%A', 'a')).toEqual(['%E0%A4%A']);
  });

  it('stops reading after a bounded number of parts', () => {
    const header = `${'x=1; '.repeat(1000)}a=late`;
    expect(cookieValues(header, 'a')).toEqual([]);
  });

  it('compares secrets in constant time, of any length', () => {
    const s = createSecret();
    expect(secretsEqual(s, s)).toBe(true);
    expect(secretsEqual(s, `${s}x`)).toBe(false);
    expect(secretsEqual(s, null)).toBe(false);
    expect(secretsEqual(s, '')).toBe(false);
  });

  it('is HttpOnly, SameSite=Strict, Path=/, and lasts only with a persistent secret', () => {
    expect(sessionCookie(5, 'S', { persistent: false })).toBe('porthole_session_5=S; Path=/; HttpOnly; SameSite=Strict');
    expect(sessionCookie(5, 'S', { persistent: true })).toMatch(/; Max-Age=\d+$/);
  });
});
