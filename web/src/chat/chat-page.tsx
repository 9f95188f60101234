// Menu > Chat > Chat: the conversation list on the left, the open conversation on the right.
import { useEffect, useMemo, useState } from 'react';
import type { Me, Tab } from '../api/types';
import { useConversations, type ListFilters } from '../api/queries';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';
import { t } from '../i18n';

const SELECTED = 'prosa.selected';

export function ChatPage({ me }: { me: Me }) {
  const [tab, setTab] = useState<Tab>('fila');
  const [filters, setFilters] = useState<ListFilters>({});
  const [selectedId, setSelectedId] = useState<number | null>(() => Number(sessionStorage.getItem(SELECTED)) || null);
  const list = useConversations(tab, filters);

  useEffect(() => {
    if (selectedId === null) sessionStorage.removeItem(SELECTED);
    else sessionStorage.setItem(SELECTED, String(selectedId));
  }, [selectedId]);

  // Unread messages across the visible list, in the window title: seen from another browser tab.
  const unread = useMemo(
    () => (list.data?.pages ?? []).flatMap((p) => p.items).reduce((sum, c) => sum + c.unreadCount, 0),
    [list.data],
  );
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
  }, [unread]);

  useEffect(() => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      Notification.requestPermission().catch(() => undefined);
    }
  }, []);

  return (
    <div className="chat">
      <ConversationList
        me={me}
        tab={tab}
        onTab={setTab}
        filters={filters}
        onFilters={setFilters}
        list={list}
        selectedId={selectedId}
        onSelect={setSelectedId}
        onOpened={(id, newTab) => {
          setTab(newTab);
          setSelectedId(id);
        }}
      />
      {selectedId === null ? (
        <section className="conversation empty" aria-label="Conversa">
          <p>{t('conversation.none')}</p>
        </section>
      ) : (
        <ConversationView key={selectedId} me={me} conversationId={selectedId} onOpened={(id, newTab) => { setTab(newTab); setSelectedId(id); }} />
      )}
    </div>
  );
}
