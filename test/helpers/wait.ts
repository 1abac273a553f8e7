/** Polling until a condition holds, with a message that says what was awaited and what was last seen. */
export async function waitFor<T>(
  what: string,
  get: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  describe?: () => unknown,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) {
      const seen = describe ? await describe() : v;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(seen)?.slice(0, 4000)}`);
    }
    await new Promise((r) => setTimeout(r, 15));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
