// The messages of a conversation, oldest at the top, with the timeline's events in line.
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys, useMessages, useUsers } from '../api/queries';
import type { ConversationDetail, Me, Message, TimelineEvent } from '../api/types';
import { errorText, formatDateTime, formatSize, formatTime, t, tOr } from '../i18n';
import { Dialog } from '../ui/dialog';
import { useToast } from '../ui/toast';
import type { SearchTarget } from './history-search';
import { useReadingPosition } from './use-reading-position';
import { AdReferral, ContactCards, LocationLink, QuoteBlock, ReactionBadge } from './message-meaning';

type Item = { kind: 'message'; at: string; message: Message } | { kind: 'event'; at: string; event: TimelineEvent };

/** `onReply`: offered on each message the contact saw or wrote ("Responder"), when the agent may answer. */
export function MessageList({ conversation, me, target, onReply }: {
  conversation: ConversationDetail; me: Me; target: SearchTarget | null; onReply?: (message: Message) => void;
}) {
  const pages = useMessages(conversation.id);
  const users = useUsers();
  const scroller = useRef<HTMLDivElement>(null);
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);

  const items = useMemo<Item[]>(() => {
    const all = [...(pages.data?.pages ?? [])].reverse();
    const list: Item[] = [];
    for (const page of all) {
      for (const message of page.messages) list.push({ kind: 'message', at: message.createdAt, message });
      for (const event of page.events) list.push({ kind: 'event', at: event.createdAt, event });
    }
    const seen = new Set<string>();
    return list
      .filter((item) => {
        const key = item.kind === 'message' ? `m${item.message.id}` : `e${item.event.id}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? 0 : a.kind === 'event' ? 1 : -1));
  }, [pages.data]);

  const newest = items.at(-1);
  const position = useReadingPosition(scroller, {
    keys: items.map(keyOf),
    newest: !newest ? undefined : newest.kind === 'event' ? 'event' : newest.message.authorUserId === me.user.id && newest.message.direction !== 'in' ? 'mine' : 'theirs',
    hasOlder: pages.hasNextPage,
    loadingOlder: pages.isFetchingNextPage,
    loadOlder: () => pages.fetchNextPage(),
  });

  // A search match in this conversation: load older pages until it is there, then bring it into view.
  const [highlighted, setHighlighted] = useState<number | null>(null);
  useEffect(() => {
    if (!target || target.conversationId !== conversation.id) return setHighlighted(null);
    const el = document.getElementById(`message-${target.messageId}`);
    if (el) {
      position.release();
      el.scrollIntoView({ block: 'center' });
      setHighlighted(target.messageId);
    } else if (pages.hasNextPage && !pages.isFetchingNextPage) {
      pages.fetchNextPage();
    }
  }, [target, items.length]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div
      className="messages"
      ref={scroller}
      role="log"
      aria-label="Mensagens"
      tabIndex={0}
      onScroll={position.onScroll}
    >
      {pages.hasNextPage && (
        <button type="button" className="more" onClick={() => { position.release(); pages.fetchNextPage(); }} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? t('conversation.loadingOlder') : t('conversation.older')}
        </button>
      )}
      {pages.isPending && <p className="muted pad">{t('common.loading')}</p>}
      {items.map((item) => (
        <Fragment key={item.kind === 'message' ? `m${item.message.id}` : `e${item.event.id}`}>
          {position.firstUnseen === keyOf(item) && <div className="new-marker" role="separator" aria-label={t('conversation.newMessages')}>{t('conversation.newMessages')}</div>}
          {item.kind === 'message' ? (
            <MessageBubble message={item.message} authorName={item.message.authorUserId ? names.get(item.message.authorUserId) : undefined}
              contactName={conversation.contact.name} mine={item.message.authorUserId === me.user.id} highlighted={highlighted === item.message.id} term={highlighted === item.message.id ? target?.term : undefined}
              onReply={onReply} />
          ) : (
            <EventLine event={item.event} names={names} />
          )}
        </Fragment>
      ))}
      {position.unseenBelow && (
        <button type="button" className="new-messages primary" onClick={position.toBottom}>↓ {t('conversation.newMessages')}</button>
      )}
    </div>
  );
}

const keyOf = (item: Item) => (item.kind === 'message' ? `m${item.message.id}` : `e${item.event.id}`);

function EventLine({ event, names }: { event: TimelineEvent; names: Map<number, string> }) {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const actor = event.actorName ?? (event.actorUserId ? t('event.someone') : data.by === 'bot' ? t('event.bot') : t('event.system'));
  let text: string;
  if (event.type === 'bot_handoff') {
    text = t('event.bot_handoff', { target: String(data.sectorName ?? '') || t('conversa.setor') });
  } else if (event.type === 'closed' && data.reason === 'timeout') {
    text = t('event.closed.timeout');
  } else if (event.type === 'transferred') {
    const toUser = data.toUserId as number | null;
    text = toUser
      ? t('event.transferred.user', { actor, target: names.get(toUser) ?? t('event.someone') })
      : t('event.transferred.sector', { actor, target: String(data.toSectorName ?? '') || t('conversa.setor') });
  } else if (event.type === 'situacao_changed') {
    text = t('event.situacao_changed', { actor, situacao: tOr(`situacao.${data.to}`, String(data.to)) });
  } else {
    text = tOr(`event.${event.type}`, event.type, {
      actor, tag: String(data.tag ?? ''), motivo: String(data.motivo ?? ''),
      count: Array.isArray(data.charges) ? data.charges.length : Array.isArray(data.notas) ? data.notas.length : 0,
      bonus: tOr(`isp.bonus.${data.kind}`, String(data.kind ?? '')), plan: String(data.plan ?? ''),
      protocolo: String(data.protocolo ?? ''), subject: String(data.subject ?? ''),
    });
  }
  return (
    <p className="event" role="note">
      <span>{text}</span> <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
    </p>
  );
}

const TICKS: Record<string, string> = { pending: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

function MessageBubble({ message, authorName, contactName, mine, highlighted, term, onReply }: {
  message: Message; authorName?: string; contactName: string; mine: boolean; highlighted: boolean; term?: string; onReply?: (message: Message) => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const side = message.direction === 'in' ? 'in' : message.direction === 'internal' ? 'note' : 'out';
  const author =
    message.authorKind === 'contact' ? contactName
      : message.authorKind === 'agent' ? authorName ?? t('event.someone')
        : message.authorKind === 'bot' ? t('message.bot') : t('message.system');

  const retry = async () => {
    try {
      await api.post(`/messages/${message.id}/retry`);
    } catch (error) {
      toast(errorText(error));
    }
    queryClient.invalidateQueries({ queryKey: keys.messages(message.conversationId) });
  };

  return (
    <article
      id={`message-${message.id}`}
      className={`bubble ${side}${mine ? ' mine' : ''}${message.authorKind === 'system' || message.authorKind === 'bot' ? ' system' : ''}${highlighted ? ' target' : ''}`}
      aria-label={`${side === 'note' ? t('message.note') : author}, ${formatTime(message.createdAt)}`}
    >
      <header>
        <span className="author">{side === 'note' ? `${t('message.note')} · ${author}` : author}</span>
      </header>
      {message.deleted ? (
        <p className="body deleted">{t('message.deleted')}</p>
      ) : (
        <>
          {message.quote && <QuoteBlock quote={message.quote} contactName={contactName} />}
          {message.file && <Attachment file={message.file} />}
          {message.mediaError && <MediaFailed message={message} />}
          {message.location ? <LocationLink location={message.location} />
            : message.sharedContacts ? <ContactCards contacts={message.sharedContacts} />
              : message.body && <p className="body">{term ? <Highlight text={message.body} term={term} /> : message.body}</p>}
        </>
      )}
      {message.referral && <AdReferral referral={message.referral} />}
      {message.reaction && <ReactionBadge emoji={message.reaction} />}
      <footer>
        {onReply && side !== 'note' && !message.deleted && (
          <button type="button" className="link reply-action" onClick={() => onReply(message)} aria-label={t('message.replyTo', { author })}>
            {t('message.reply')}
          </button>
        )}
        {message.edited && !message.deleted && <span className="edited">{t('message.edited')}</span>}
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        {message.status && side === 'out' && (
          <span className={`ticks ${message.status}`} role="img" aria-label={t(`message.status.${message.status}`)} title={message.statusError ?? t(`message.status.${message.status}`)}>
            {TICKS[message.status]}
          </span>
        )}
        {message.status === 'failed' && (
          <button type="button" className="link" onClick={retry}>{t('message.retry')}</button>
        )}
      </footer>
      {message.status === 'failed' && message.statusError && <p className="error small">{message.statusError}</p>}
    </article>
  );
}

/** A contact's media the channel could not download: why, and a way to try again. */
function MediaFailed({ message }: { message: Message }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const retry = async () => {
    try {
      await api.post(`/messages/${message.id}/media/retry`);
    } catch (error) {
      toast(errorText(error));
    }
    queryClient.invalidateQueries({ queryKey: keys.messages(message.conversationId) });
  };
  return (
    <p className="error small media-failed">
      {t('message.media_failed', { reason: message.mediaError ?? '' })}{' '}
      <button type="button" className="link" onClick={retry}>{t('message.retry')}</button>
    </p>
  );
}

/** Marks the searched word in a message, accent- and case-insensitively. */
function Highlight({ text, term }: { text: string; term: string }) {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const words = term.split(/\s+/).filter((w) => w.length > 1).map((w) => fold(w).slice(0, Math.max(3, w.length - 2)));
  if (words.length === 0) return <>{text}</>;
  const parts = text.split(/(\p{L}+)/u);
  return <>{parts.map((part, i) => (words.some((w) => fold(part).startsWith(w)) ? <mark key={i}>{part}</mark> : part))}</>;
}

function Attachment({ file }: { file: NonNullable<Message['file']> }) {
  const [full, setFull] = useState(false);
  if (file.kind === 'image') {
    return (
      <>
        <button type="button" className="thumb" onClick={() => setFull(true)} aria-label={`${file.filename} (abrir)`}>
          <img src={file.thumbnailUrl ?? file.url} alt={file.filename} loading="lazy" />
        </button>
        {full && (
          <Dialog title={file.filename} onClose={() => setFull(false)} wide>
            <img className="full-image" src={file.url} alt={file.filename} />
          </Dialog>
        )}
      </>
    );
  }
  if (file.kind === 'video') return <video className="media" controls preload="metadata" src={file.url} aria-label={file.filename} />;
  if (file.kind === 'audio') return <audio className="media" controls preload="metadata" src={file.url} aria-label={file.filename} />;
  return (
    <a className="file" href={file.url} download={file.filename}>
      <span className="file-name">{file.filename}</span>
      <span className="muted small">{formatSize(file.size)} · {t('message.download')}</span>
    </a>
  );
}
