// Menu > Chat > Chat: the conversation list on the left, the open conversation on the right. The tab
// and the open conversation are the path (/chat/abertos/42): a link to a conversation opens it, a
// reload keeps it, the browser's back button goes to the one before.
import { useEffect, useState } from 'react';
import { useLocation, useRoute } from 'wouter';
import { TABS } from '../../../api/screens';
import type { Me, Tab } from '../api/types';
import { useConversations, type ListFilters } from '../api/queries';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';
import type { SearchHit } from './provider-search';
import { t } from '../i18n';

function useChatPath() {
  const [, params] = useRoute<{ tab?: string; id?: string }>('/chat/:tab?/:id?');
  const [, navigate] = useLocation();
  const tab: Tab = (TABS as readonly string[]).includes(params?.tab ?? '') ? (params!.tab as Tab) : 'fila';
  const id = Number(params?.id);
  const selectedId = Number.isSafeInteger(id) && id > 0 ? id : null;
  return {
    tab,
    selectedId,
    // The open conversation stays open while the agent looks at another tab.
    setTab: (next: Tab) => navigate(selectedId === null ? `/chat/${next}` : `/chat/${next}/${selectedId}`),
    open: (conversationId: number, inTab: Tab = tab) => navigate(`/chat/${inTab}/${conversationId}`),
    back: () => navigate(`/chat/${tab}`),
  };
}

export function ChatPage({ me }: { me: Me }) {
  const { tab, selectedId, setTab, open, back } = useChatPath();
  const [filters, setFilters] = useState<ListFilters>({});
  /** The message picked in Buscar em todas as conversas: its conversation opens searching for it. */
  const [found, setFound] = useState<SearchHit | null>(null);
  const hit = found && found.conversationId === selectedId ? found : null;
  // Meus atendimentos is the agent's own: an atendente chosen in another tab's filter does not narrow it.
  const list = useConversations(tab, tab === 'meus' ? { ...filters, responsavelId: undefined } : filters);

  useEffect(() => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      Notification.requestPermission().catch(() => undefined);
    }
  }, []);

  return (
    // On a phone the list and the conversation are two screens: has-open shows the conversation.
    <div className={selectedId === null ? 'chat' : 'chat has-open'}>
      <ConversationList
        me={me}
        tab={tab}
        onTab={setTab}
        filters={filters}
        onFilters={setFilters}
        list={list}
        selectedId={selectedId}
        onSelect={(id) => open(id)}
        onOpened={(id, newTab) => open(id, newTab)}
        onFound={(picked) => { setFound(picked); open(picked.conversationId, picked.tab); }}
      />
      {selectedId === null ? (
        <section className="conversation empty" aria-label="Conversa">
          <p>{t('conversation.none')}</p>
        </section>
      ) : (
        <ConversationView key={hit ? `${selectedId}:${hit.messageId}` : selectedId} me={me} conversationId={selectedId} initialSearch={hit ?? undefined} onOpened={(id, newTab) => open(id, newTab)} onBack={back} />
      )}
    </div>
  );
}
