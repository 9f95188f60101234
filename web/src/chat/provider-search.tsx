// Buscar em todas as conversas (supervisors, administrators): every message of the provider that
// has the words, newest first, a page at a time; a result opens its conversation at that message.
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, query } from '../api/client';
import type { ProviderSearch, Situacao, Tab } from '../api/types';
import { formatDateTime, t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { useTypedTerm } from '../ui/use-typed-term';

/** Where a conversation in this situação is listed. */
const TAB_OF: Record<Situacao, Tab> = { bot: 'bot', fila: 'fila', chat: 'abertos', finalizada: 'fechados' };

export interface SearchHit {
  conversationId: number;
  messageId: number;
  term: string;
  tab: Tab;
}

export function ProviderSearchDialog({ onOpen, onClose }: { onOpen(hit: SearchHit): void; onClose(): void }) {
  const { text, setText, term } = useTypedTerm();

  const result = useInfiniteQuery({
    queryKey: ['provider-search', term],
    queryFn: ({ pageParam }) => api.get<ProviderSearch>(`/messages/search${query({ q: term, before: pageParam })}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled: term.length > 0,
  });
  const matches = (result.data?.pages ?? []).flatMap((page) => page.matches);

  return (
    <Dialog title={t('providerSearch.title')} onClose={onClose} wide>
      <div className="provider-search" role="search">
        <input
          type="search"
          autoFocus
          aria-label={t('providerSearch.placeholder')}
          placeholder={t('providerSearch.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <p className="muted small" aria-live="polite">
          {term && result.isFetching && !result.data ? t('common.loading') : term && result.data && matches.length === 0 ? t('providerSearch.none') : ''}
        </p>
        {matches.length > 0 && (
          <ol className="provider-results" aria-label={t('search.results')}>
            {matches.map((m) => (
              <li key={m.messageId}>
                <button type="button" onClick={() => onOpen({ conversationId: m.conversationId, messageId: m.messageId, term, tab: TAB_OF[m.situacao] })}>
                  <span className="result-head">
                    <strong>{m.contact.name}</strong>
                    <span className="muted small">{t(`providerSearch.situacao.${m.situacao}`)} · {m.protocolo} · {formatDateTime(m.createdAt)}</span>
                  </span>
                  {/* The server escapes the message and adds only <mark> around the matches. */}
                  <span className="snippet" dangerouslySetInnerHTML={{ __html: m.snippet }} />
                </button>
              </li>
            ))}
          </ol>
        )}
        {result.hasNextPage && (
          <button type="button" onClick={() => result.fetchNextPage()} disabled={result.isFetchingNextPage}>
            {result.isFetchingNextPage ? t('common.loading') : t('providerSearch.more')}
          </button>
        )}
      </div>
    </Dialog>
  );
}
