import type { Row } from '../../../shared/types.ts';
import { cachedRowView, rowView, type RowView } from './row-view.ts';

export interface DrawBudget {
  /** Milliseconds of parsing one frame may spend on rows not parsed before. */
  parseMs: number;
  /** Styled spans one frame may put into the page for rows not on screen before. */
  newSpans: number;
  /**
   * Characters one frame may put into the page for rows not on screen before: rows
   * are drawn whole (up to 64 KiB), and laying out a screen of such rows at once
   * would be one long task.
   */
  newChars?: number;
  /** Characters of a row that are drawn (a long row may be drawn only in part); its whole text by default. */
  drawnChars?(row: Row, view: RowView): number;
}

export interface DrawPlan {
  /** The drawn form of each row, or undefined where it waits for a later frame (or is not held). */
  views: (RowView | undefined)[];
  /** Some held rows wait for a later frame. */
  deferred: boolean;
}

/**
 * Which of the rows on screen to draw in this frame. Rows already on screen cost
 * nothing; new ones are parsed and added while the budget lasts, and the rest wait
 * for the next frames, so no output, however costly to draw, makes one long task.
 * The first row with content is always drawn, so every frame makes progress.
 */
export function planDraw(rows: readonly (Row | undefined)[], onScreen: ReadonlySet<Row>, budget: DrawBudget, now: () => number = () => performance.now()): DrawPlan {
  const views: (RowView | undefined)[] = [];
  const deadline = now() + budget.parseMs;
  let spansLeft = budget.newSpans;
  let charsLeft = budget.newChars ?? Number.POSITIVE_INFINITY;
  let drawnAny = false;
  let deferred = false;
  for (const row of rows) {
    let view: RowView | undefined;
    if (row) {
      view = cachedRowView(row);
      if (!view && (!drawnAny || now() < deadline)) view = rowView(row);
      if (view && !onScreen.has(row)) {
        if ((spansLeft <= 0 || charsLeft <= 0) && drawnAny) view = undefined;
        else {
          spansLeft -= view.spans.length;
          charsLeft -= budget.drawnChars ? budget.drawnChars(row, view) : view.plain.length;
        }
      }
      if (view) drawnAny = true;
      else deferred = true;
    }
    views.push(view);
  }
  return { views, deferred };
}
