// Item 2: every occurrence of a word in this conversation and the contact's earlier ones,
// highlighted, with next/previous and a count.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, query } from '../api/client';
import type { ConversationDetail, SearchResult } from '../api/types';
import { formatDateTime, t } from '../i18n';
import { useTypedTerm } from '../ui/use-typed-term';

export interface SearchTarget {
  messageId: number;
  conversationId: number;
  term: string;
}

export function HistorySearch({ conversation, initial, onTarget, onClose }: {
  conversation: ConversationDetail; onTarget(target: SearchTarget | null): void; onClose(): void;
  /** Start on this word, at this message (a result of Buscar em todas as conversas). */
  initial?: { term: string; messageId: number };
}) {
  const { text, setText, term } = useTypedTerm(initial?.term ?? '');
  const [index, setIndex] = useState(0);

  const result = useQuery({
    queryKey: ['search', conversation.id, term],
    queryFn: () => api.get<SearchResult>(`/conversations/${conversation.id}/search${query({ q: term })}`),
    enabled: term.length > 0,
  });
  const matches = result.data?.matches ?? [];

  useEffect(() => setIndex(0), [term]);
  // Opened at a message: once its results are in, start at it (only once: the agent moves on from there).
  const placed = useRef(false);
  useEffect(() => {
    if (placed.current || !initial || term !== initial.term || !result.data) return;
    placed.current = true;
    const at = matches.findIndex((m) => m.messageId === initial.messageId);
    if (at >= 0) setIndex(at);
  }, [term, result.data]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const match = matches[index];
    onTarget(match ? { messageId: match.messageId, conversationId: match.conversationId, term } : null);
  }, [index, result.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const step = (delta: number) => matches.length > 0 && setIndex((i) => (i + delta + matches.length) % matches.length);

  return (
    <div className="history-search" role="search">
      <div className="search-bar">
        <input
          type="search"
          autoFocus
          aria-label={t('search.placeholder')}
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') step(e.shiftKey ? -1 : 1);
            if (e.key === 'Escape') onClose();
          }}
        />
        <span className="search-count" aria-live="polite">
          {term && result.data ? (matches.length ? t('search.count', { current: index + 1, total: matches.length }) : t('search.none')) : ''}
        </span>
        <button type="button" className="icon-button" aria-label={t('search.previous')} onClick={() => step(-1)} disabled={!matches.length}>↑</button>
        <button type="button" className="icon-button" aria-label={t('search.next')} onClick={() => step(1)} disabled={!matches.length}>↓</button>
        <button type="button" className="icon-button" aria-label={t('search.close')} onClick={onClose}>×</button>
      </div>
      {matches.length > 0 && (
        <ol className="search-results" aria-label={t('search.results')}>
          {matches.map((m, i) => (
            <li key={m.messageId} aria-current={i === index ? 'true' : undefined}>
              <button type="button" onClick={() => setIndex(i)}>
                <span className="muted small">
                  {m.inThisConversation ? formatDateTime(m.createdAt) : `${t('search.earlier', { protocolo: m.protocolo })} · ${formatDateTime(m.createdAt)}`}
                </span>
                {/* The server escapes the message and adds only <mark> around the matches. */}
                <span className="snippet" dangerouslySetInnerHTML={{ __html: m.snippet }} />
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
