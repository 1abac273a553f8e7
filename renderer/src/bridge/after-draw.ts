/**
 * Runs `fn` once the page has drawn what it was just given (the next animation frame),
 * which is when a batch of events may be acknowledged: a page too busy to draw, or a
 * background tab, acknowledges late and is sent the latest state instead of a backlog.
 */
export function afterDraw(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => fn());
  else setTimeout(fn, 0);
}
