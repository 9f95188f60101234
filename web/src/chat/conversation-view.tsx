// The open conversation: header (name, contract status, search, etiquetas, menu), the messages
// with the timeline in line, and the composer. Fechados are read-only. A file dropped anywhere on the
// conversation goes to the composer's attachment preview.
import { useEffect, useState, type DragEvent } from 'react';
import { api } from '../api/client';
import { useQueryClient } from '@tanstack/react-query';
import { keys, useConversation } from '../api/queries';
import type { Me, Message, Tab } from '../api/types';
import { errorText, t } from '../i18n';
import { ChannelIcon } from '../ui/channel-icon';
import { MenuIcon, SearchIcon } from '../ui/icons';
import { Composer, type Dropped } from './composer';
import { ContractStatus } from './contract-status';
import { ConversationMenu } from './conversation-menu';
import { HistorySearch, type SearchTarget } from './history-search';
import { MessageList } from './message-list';
import { TagsPopover } from './tags-popover';
import { useAssume } from './use-assume';
import { chipStyle } from '../ui/chip';

export function ConversationView({ me, conversationId, onOpened, onBack, initialSearch }: {
  me: Me; conversationId: number; onOpened(id: number, tab: Tab): void;
  /** Opened from Buscar em todas as conversas: the history search starts on that word, at that message. */
  initialSearch?: { term: string; messageId: number };
  /** Back to the list: on a phone, where the list and the conversation are two screens. */
  onBack(): void;
}) {
  const conversation = useConversation(conversationId);
  const [searching, setSearching] = useState(initialSearch !== undefined);
  const [menuOpen, setMenuOpen] = useState(false);
  const [target, setTarget] = useState<SearchTarget | null>(null);
  const [dragging, setDragging] = useState(false);
  const [dropped, setDropped] = useState<Dropped | null>(null);
  /** The message the agent is answering ("Responder"), quoted above the composer until sent or cancelled. */
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  useEffect(() => setReplyTo(null), [conversationId]);
  const assume = useAssume(onOpened);
  const c = conversation.data;

  const iAmResponsavel = !!c && c.responsavel?.id === me.user.id;
  const supervisor = me.user.role !== 'atendente';

  // Reading an attended conversation clears its unread counter (and the lists' and title's count,
  // without waiting for the live event, which a tab still connecting would miss).
  const queryClient = useQueryClient();
  useEffect(() => {
    if (c && c.unreadCount > 0 && c.situacao === 'chat' && iAmResponsavel) {
      api.post(`/conversations/${c.id}/read`)
        .then(() => queryClient.invalidateQueries({ queryKey: [...keys.conversations, 'list'] }))
        .catch(() => undefined);
    }
  }, [c?.id, c?.unreadCount, c?.situacao, iAmResponsavel]); // eslint-disable-line react-hooks/exhaustive-deps

  if (conversation.isPending) return <section className="conversation" aria-label="Conversa"><p className="muted pad">{t('common.loading')}</p></section>;
  if (!c) {
    return (
      <section className="conversation empty" aria-label="Conversa">
        <p>{errorText(conversation.error)}</p>
        <button type="button" className="link back" onClick={onBack}>{t('conversation.back')}</button>
      </section>
    );
  }

  const closed = c.situacao === 'finalizada';
  const canWrite = c.situacao === 'chat' && (iAmResponsavel || supervisor);
  const carriesFiles = (event: DragEvent) => !closed && event.dataTransfer.types.includes('Files');
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!carriesFiles(event) || !file) return;
    event.preventDefault();
    setDropped({ file });
  };

  return (
    <div className="conversation-wrap">
      <section
        className={dragging ? 'conversation dropping' : 'conversation'}
        aria-label={`Conversa com ${c.contact.name}`}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        {dragging && <div className="drop-hint" aria-hidden>{t('conversation.dropHint')}</div>}
        <header className="conversation-head">
          <div className="who">
            <button type="button" className="icon-button back" aria-label={t('conversation.back')} title={t('conversation.back')} onClick={onBack}>←</button>
            <ChannelIcon kind={c.channel.kind} />
            <h2>{c.contact.name}</h2>
            <ContractStatus conversation={c} />
            <span className="muted small">{t('conversation.protocolo', { protocolo: c.protocolo })}</span>
          </div>
          <div className="head-tags">
            {c.tags.map((tag) => <span key={tag.id} className="chip" style={chipStyle(tag.color)}>{tag.name}</span>)}
          </div>
          <div className="head-actions">
            <button type="button" className="icon-button" aria-label={t('conversation.search')} title={t('conversation.search')} aria-pressed={searching} onClick={() => setSearching((s) => !s)}>
              <SearchIcon />
            </button>
            <TagsPopover me={me} conversation={c} disabled={closed} />
            <button type="button" className="icon-button" aria-label={t('conversation.menu')} title={t('conversation.menu')} aria-expanded={menuOpen} onClick={() => setMenuOpen((o) => !o)}>
              <MenuIcon />
            </button>
          </div>
        </header>
        {searching && <HistorySearch conversation={c} initial={initialSearch} onTarget={setTarget} onClose={() => { setSearching(false); setTarget(null); }} />}
        <MessageList conversation={c} me={me} target={target} onReply={canWrite ? setReplyTo : undefined} />
        {c.situacao === 'fila' && (
          <div className="banner">
            <span>{t('conversation.inFila')}</span>
            <button type="button" className="primary" onClick={() => assume(c.id)}>{t('list.assume')}</button>
          </div>
        )}
        {c.situacao === 'chat' && !canWrite && c.responsavel && <div className="banner muted">{t('conversation.byOther', { name: c.responsavel.name })}</div>}
        {closed ? (
          <div className="banner muted" role="note">{t('conversation.closed')}</div>
        ) : (
          <Composer conversation={c} canReply={canWrite} dropped={dropped} replyTo={canWrite ? replyTo : null} onReplyDone={() => setReplyTo(null)} />
        )}
      </section>
      {menuOpen && <ConversationMenu me={me} conversation={c} onClose={() => setMenuOpen(false)} onOpened={onOpened} />}
    </div>
  );
}
