import { type FormEvent, useState } from 'react';
import { useEventSource } from '../src';
import { StatusBadge } from './support/StatusBadge';

/** One `data:` event of an OpenAI-style answer. */
type Chunk = { delta: string };
/** The JSON body of an OpenAI-style refusal. */
type Refusal = { error?: { message?: string } };

/**
 * One answer, as docs/headers-post-auth.md's recipe writes it: the question POSTed as JSON with an `Authorization`
 * header, the answer streamed in from `{"delta": …}` events until `[DONE]`, a refusal (401) told from an answer cut off
 * midway.
 */
function Answer({ url, question, token }: { url: string; question: string; token: string }) {
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const { status, error } = useEventSource(url, {
    method: 'POST',
    headers: () => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }),
    body: JSON.stringify({ messages: [{ role: 'user', content: question }] }),
    // `[DONE]` is the end of the answer, not JSON.
    parse: (raw) => (raw === '[DONE]' ? undefined : (JSON.parse(raw) as Chunk)),
    onMessage: ({ data }) => {
      if (data) setText((previous) => previous + data.delta);
    },
    closeWhen: ({ raw }) => raw === '[DONE]',
    onError: async (error) => {
      // A refusal's body is left unread for us: the server says why.
      const body = (await error.response?.json().catch(() => undefined)) as Refusal | undefined;
      setReason(body?.error?.message ?? '');
    },
  });
  let outcome = null;
  if (error?.status === 401) {
    outcome = (
      <p className="notice" role="alert">
        <strong>Please sign in again.</strong> {reason}
      </p>
    );
  } else if (status === 'failed' && error?.status) {
    outcome = (
      <p className="notice" role="alert">
        {error.message}
      </p>
    );
  } else if (status === 'failed') {
    outcome = (
      <p className="notice" role="alert">
        <strong>The answer was cut off.</strong> It was not asked again, so nothing ran twice on the server. Ask again
        for a whole answer.
      </p>
    );
  }
  return (
    <section className="panel" aria-label="Answer">
      <div className="toolbar chat__head">
        <h3 className="panel__title">Answer</h3>
        <StatusBadge status={status} label="Stream" />
      </div>
      {/* Refused before a word came: nothing to show but the reason. */}
      {status === 'failed' && !text ? null : (
        <p className="chat__text" aria-live="polite" aria-busy={status === 'connecting' || status === 'open'}>
          {text}
          {status === 'failed' ? '…' : null}
        </p>
      )}
      {outcome}
    </section>
  );
}

/**
 * An AI chat's answer over the fetch transport: type a question, press "Ask", and the answer streams in. Each question
 * is a new POST (the `key` gives it a fresh hook); nothing is ever POSTed twice.
 */
export function ChatAnswer({ url, token }: { url: string; token: string }) {
  const [draft, setDraft] = useState('Why is the sky blue?');
  const [asked, setAsked] = useState<{ question: string; n: number }>();
  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) setAsked((previous) => ({ question: draft.trim(), n: (previous?.n ?? 0) + 1 }));
  };
  return (
    <section className="demo" aria-label="Chat">
      <form className="toolbar" onSubmit={ask}>
        <label className="chat__question">
          Question <input className="chat__input" value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit" className="button button--primary">
          Ask
        </button>
      </form>
      {asked ? (
        <Answer key={asked.n} url={url} question={asked.question} token={token} />
      ) : (
        <p className="log__placeholder">Type a question and press “Ask”.</p>
      )}
    </section>
  );
}
