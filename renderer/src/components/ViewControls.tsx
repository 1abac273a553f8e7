import { useEffect } from 'react';
import { FONT_DEFAULT, fontKey, updateViewSettings, useViewSettings, viewSettings, type TimeMode } from '../model/view-settings.ts';

const TIME_LABELS: Record<TimeMode, string> = {
  absolute: 'Clock time',
  relative: 'Since start',
  delta: 'Since previous',
};

function changeFont(how: 'bigger' | 'smaller' | 'reset'): void {
  const px = viewSettings().fontPx;
  updateViewSettings({ fontPx: how === 'reset' ? FONT_DEFAULT : px + (how === 'bigger' ? 1 : -1) });
}

/**
 * How the transcript reads: line wrapping, text size and what the time column shows,
 * with their keyboard shortcuts (Alt+Z; Ctrl + / Ctrl − / Ctrl 0 anywhere in the window).
 */
export function ViewControls({ showTime }: { showTime: boolean }) {
  const view = useViewSettings();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const font = fontKey(e);
      if (font) {
        // Instead of the browser's page zoom: only the transcript's text changes size.
        e.preventDefault();
        changeFont(font);
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === 'KeyZ') {
        e.preventDefault();
        updateViewSettings({ wrap: !viewSettings().wrap });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        role="switch"
        aria-checked={view.wrap}
        className="view-switch"
        title="Wrap lines (Alt+Z): long rows take as many lines as they need; off, they scroll sideways"
        onClick={() => updateViewSettings({ wrap: !view.wrap })}
      >
        Wrap lines
      </button>
      <span className="font-size" role="group" aria-label="Text size">
        <button type="button" aria-label="Smaller text" title="Smaller text (Ctrl+−)" onClick={() => changeFont('smaller')}>A−</button>
        <button type="button" aria-label="Reset text size" title="Reset text size (Ctrl+0)" onClick={() => changeFont('reset')}>{view.fontPx}px</button>
        <button type="button" aria-label="Larger text" title="Larger text (Ctrl++)" onClick={() => changeFont('bigger')}>A+</button>
      </span>
      {showTime && (
        <select
          aria-label="Time column"
          title="What the time column shows: the clock time of each row, the time since the session started, or since the row before"
          value={view.timeMode}
          onChange={(e) => updateViewSettings({ timeMode: e.target.value as TimeMode })}
        >
          {(Object.keys(TIME_LABELS) as TimeMode[]).map((m) => <option key={m} value={m}>{TIME_LABELS[m]}</option>)}
        </select>
      )}
    </>
  );
}
