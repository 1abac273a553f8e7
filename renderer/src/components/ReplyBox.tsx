import { useEffect, useRef, useState } from 'react';
import type { LineEnding, SessionInfo } from '../../../shared/types.ts';
import { nothingFocused } from '../model/focus.ts';
import { formatBytes, sendBlockedReason } from '../model/format.ts';
import { caretOnFirstLine, caretOnLastLine } from '../model/reply-history.ts';
import { replyLines } from '../model/reply-lines.ts';
import { errorText } from '../store/app-store.ts';
import { useStore } from '../store/store-context.ts';
import { onAction, withKey } from '../model/action-keys.ts';
import { ReconnectControls } from './ReconnectControls.tsx';

/** Encodings offered; all ASCII-compatible, as the core requires. */
const ENCODINGS = ['utf-8', 'latin1', 'windows-1252', 'iso-8859-15', 'windows-1251', 'koi8-r', 'cp437'];

export const REPLY_ID = 'reply';

/**
 * The Reply box of one session. It is keyed by the session (App.tsx), so every value
 * here, and every reply it sends, belongs to `session.id` alone; the draft and line
 * ending live in the store so they survive switching sessions.
 */
export function ReplyBox({ session }: { session: SessionInfo }) {
  const store = useStore();
  const id = session.id;
  const closable = session.state !== 'closed' && !session.readOnly;
  useEffect(() => onAction('close', () => {
    if (closable) void store.run('Could not close', () => store.bridge.invoke('session:close', { id }));
  }), [closable, id, store]);
  const [text, setTextState] = useState(() => store.drafts.get(id) ?? '');
  const [ending, setEndingState] = useState<LineEnding>(() => store.endings.get(id) ?? 'lf');
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const blocked = sendBlockedReason(session);
  // The program's terminal does not echo (a password prompt): what is typed is hidden, kept out of the history, and recorded masked.
  const secret = session.echoOff === true && !blocked;
  const keepDraft = (value: string) => {
    if (value) store.drafts.set(id, value);
    else store.drafts.delete(id);
  };
  // A typed value is kept at once: an updater runs only when React renders, and a switch
  // to another session can unmount this box before that.
  const setText = (next: string | ((now: string) => string)) => {
    if (typeof next === 'string') {
      keepDraft(next);
      setTextState(next);
      return;
    }
    setTextState((now) => {
      const value = next(now);
      keepDraft(value);
      return value;
    });
  };
  const setEnding = (value: LineEnding) => {
    store.endings.set(id, value);
    setEndingState(value);
  };

  // An unfinished last line from the script is a prompt waiting for an answer. It takes
  // focus only from nothing: never from a field the person is typing in (Find, another
  // control, the box of a session they switched from), where the rest of their typing
  // and their Enter would otherwise land here and be sent to the script.
  const prompt = store.promptOf(id);
  const last = store.windowOf(id).last();
  const promptKey = prompt !== null && last ? `${id}:${last.index}` : '';
  useEffect(() => {
    const box = boxRef.current;
    if (promptKey && box && (nothingFocused() || document.activeElement === box)) box.focus();
  }, [promptKey]);

  // Replies the script never read: it had exited. Said here as well as on the rows.
  const undelivered = session.undeliveredReplies;

  // Replies go out one after another even when the person presses Enter again before
  // the previous one is confirmed; the box is cleared at once so typing can go on.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const send = () => {
    if (blocked) return;
    const typed = text;
    const lines = replyLines(typed, ending);
    if (lines.length === 0) return;
    if (!secret) store.history.push(typed);
    setText('');
    boxRef.current?.focus();
    chain.current = chain.current.then(async () => {
      try {
        for (const line of lines) {
          await store.bridge.invoke('session:send', { id, text: line, ending });
          store.markSent(id);
        }
      } catch (e) {
        store.notify('error', `Could not send: ${errorText(e)}`);
        // Give the text back unless the person has typed something else since.
        if (!store.drafts.get(id)) store.drafts.set(id, typed);
        setText((now) => (now === '' ? typed : now));
      }
    });
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    const ta = e.currentTarget;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'ArrowUp' && ta.selectionStart === ta.selectionEnd && caretOnFirstLine(text, ta.selectionStart)) {
      const older = store.history.up(text);
      if (older !== null) {
        e.preventDefault();
        setText(older);
      }
    } else if (e.key === 'ArrowDown' && ta.selectionStart === ta.selectionEnd && caretOnLastLine(text, ta.selectionStart)) {
      const newer = store.history.down();
      if (newer !== null) {
        e.preventDefault();
        setText(newer);
      }
    }
  };

  const encodings = ENCODINGS.includes(session.encoding) ? ENCODINGS : [session.encoding, ...ENCODINGS];
  return (
    <div className="reply">
      {prompt !== null && (
        <div className="prompt" id="reply-prompt">
          <span className="prompt-label">The script is waiting:</span> <span className="prompt-text">{prompt || '(empty prompt)'}</span>
        </div>
      )}
      {undelivered > 0 && (
        <div className="reply-note error" id="reply-undelivered" role="alert">
          {undelivered === 1 ? 'Your reply was not delivered: the script had exited.' : `${undelivered} of your replies were not delivered: the script had exited.`}
        </div>
      )}
      {!blocked && session.state === 'eof' && (
        <div className="reply-note" id="reply-eof">The script finished sending; it may have exited — replies may not be read.</div>
      )}
      {blocked && <div className="blocked" id="reply-blocked">{blocked}</div>}
      {secret && (
        <div className="reply-note" id="reply-secret" role="status">
          Input not echoed: the program asks for a secret, such as a password. What you type is hidden here and recorded as •••.
        </div>
      )}
      <div className="reply-row">
        <textarea
          id={REPLY_ID}
          ref={boxRef}
          aria-label="Reply"
          aria-describedby={[
            blocked ? 'reply-blocked' : prompt !== null ? 'reply-prompt' : '',
            undelivered > 0 ? 'reply-undelivered' : '',
            !blocked && session.state === 'eof' ? 'reply-eof' : '',
            secret ? 'reply-secret' : '',
          ].filter(Boolean).join(' ') || undefined}
          className={[prompt !== null ? 'waiting' : '', secret ? 'secret' : ''].filter(Boolean).join(' ') || undefined}
          autoComplete="off"
          rows={Math.min(6, Math.max(1, text.split('\n').length))}
          value={text}
          placeholder={blocked ? '' : secret ? 'Type the secret; Enter sends it' : 'Type a reply; Enter sends, Shift+Enter adds a line'}
          disabled={!!blocked}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
        />
        <button type="button" onClick={send} disabled={!!blocked} title="Send the reply (Enter in the Reply box; Ctrl+L goes there)">Send</button>
      </div>
      <div className="reply-tools">
        <label>
          Line ending{' '}
          <select aria-label="Line ending" value={ending} onChange={(e) => setEnding(e.target.value as LineEnding)}>
            <option value="lf">LF</option>
            <option value="crlf">CRLF</option>
            <option value="none">none</option>
          </select>
        </label>
        <label>
          Encoding{' '}
          <select
            aria-label="Encoding"
            value={session.encoding}
            disabled={session.readOnly}
            onChange={(e) => void store.run('Could not change the encoding', () => store.bridge.invoke('session:encoding', { id, encoding: e.target.value }))}
          >
            {encodings.map((enc) => <option key={enc} value={enc}>{enc}</option>)}
          </select>
        </label>
        <button type="button" disabled={!!blocked} onClick={() => void store.run('Could not send EOF', () => store.bridge.invoke('session:eof', { id }))}>Send EOF</button>
        <button
          type="button"
          disabled={session.state === 'closed' || session.readOnly}
          onClick={() => void store.run('Could not close', () => store.bridge.invoke('session:close', { id }))}
          title={withKey('Close the connection (a program started by porthole run is stopped); the transcript stays', 'close')}
        >
          Close
        </button>
        <ReconnectControls session={session} />
        {session.queuedBytes > 0 && (
          <span className="queued" role="status">{formatBytes(session.queuedBytes)} queued: the script is not reading yet</span>
        )}
      </div>
    </div>
  );
}
