import type { LineEnding } from '../../../shared/types.ts';

/**
 * What one press of Enter sends: each line of the box in order, each with the chosen
 * ending. One trailing empty line (a paste ending in a newline) is not sent again.
 * With no line ending the text goes as it is, in one piece: splitting it would lose
 * the newlines the person typed.
 */
export function replyLines(text: string, ending: LineEnding): string[] {
  if (ending === 'none') return text === '' ? [] : [text];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
