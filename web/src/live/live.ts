// The live layer: one Socket.IO connection per tab, authenticated by the session cookie. Events
// refresh the queries they touch; what was fetched before the first connection is fetched again, and
// after a reconnection the missed events are replayed from the last id seen. New conversations in the Fila ring and notify, and so does a subscriber writing in
// one of the agent's own conversations (unless it is the one open in a visible tab).
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { ConversationList, ConversationSummary, LiveEvent, LiveEventType, Message } from '../api/types';
import { t } from '../i18n';

const EVENT_TYPES: LiveEventType[] = ['message.created', 'message.status', 'conversation.created', 'conversation.updated', 'conversation.closed', 'counts.changed', 'contact.updated'];

let current: Socket | undefined;

/** The tab's connection, for what a screen sends itself (typing in the web chat). */
export const liveSocket = () => current;

export function useLive(queryClient: QueryClient, enabled: boolean): { online: boolean } {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    if (!enabled) return;
    let lastId = 0;
    let wasConnected = false;
    const socket: Socket = io({ path: '/socket.io', transports: ['websocket', 'polling'] });
    current = socket;
    const refresh = batch((events: LiveEvent[]) => apply(queryClient, events));

    const onEvent = (event: LiveEvent) => {
      lastId = Math.max(lastId, event.id);
      refresh(event);
      if (event.type === 'conversation.created' || event.type === 'conversation.updated' || event.type === 'conversation.closed') {
        noteMine(event.payload.conversation);
      }
      if (event.type === 'conversation.created' || event.type === 'conversation.updated') announce(event.payload.conversation);
      if (event.type === 'message.created') announceMessage(event.payload.message);
    };
    for (const type of EVENT_TYPES) socket.on(type, onEvent);

    socket.on('connect', async () => {
      setOnline(true);
      if (!wasConnected) {
        wasConnected = true;
        const head = (await socket.emitWithAck('head', {})) as { id: number };
        lastId = Math.max(lastId, head.id);
        // What the screen fetched before the socket listened may have changed since: fetched again,
        // it is as current as the events from here on.
        const listening = Date.now();
        queryClient.invalidateQueries({ predicate: (query) => query.state.dataUpdatedAt > 0 && query.state.dataUpdatedAt < listening });
        return;
      }
      // Away for minutes, the agent was set offline: their status shows it again.
      queryClient.invalidateQueries({ queryKey: keys.me });
      const missed = (await socket.emitWithAck('catchup', { after: lastId })) as { events?: LiveEvent[]; more?: boolean };
      if (!missed.events || missed.more) {
        queryClient.invalidateQueries();
        return;
      }
      for (const event of missed.events) onEvent(event);
    });
    socket.on('disconnect', () => setOnline(false));
    socket.on('connect_error', () => setOnline(false));
    return () => {
      socket.disconnect();
      if (current === socket) current = undefined;
    };
  }, [queryClient, enabled]);
  return { online };
}

/** Collects events for a short moment so a burst refreshes each query once. */
function batch(run: (events: LiveEvent[]) => void) {
  let pending: LiveEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (event: LiveEvent) => {
    pending.push(event);
    timer ??= setTimeout(() => {
      const events = pending;
      pending = [];
      timer = undefined;
      run(events);
    }, 120);
  };
}

function apply(queryClient: QueryClient, events: LiveEvent[]) {
  const conversations = new Set<number>();
  const messages = new Set<number>();
  let lists = false;
  let blocked = false;
  for (const event of events) {
    if (event.type.startsWith('conversation.') || event.type === 'counts.changed') lists = true;
    if (event.conversationId !== null) conversations.add(event.conversationId);
    if (event.type.startsWith('message.') && event.conversationId !== null) messages.add(event.conversationId);
    if (event.type === 'contact.updated') blocked = true;
    if (event.type.startsWith('conversation.') && event.conversationId !== null) messages.add(event.conversationId);
  }
  if (lists) queryClient.invalidateQueries({ queryKey: [...keys.conversations, 'list'] });
  for (const id of conversations) queryClient.invalidateQueries({ queryKey: keys.conversation(id) });
  for (const id of messages) queryClient.invalidateQueries({ queryKey: keys.messages(id) });
  if (blocked) {
    queryClient.invalidateQueries({ queryKey: keys.blocked });
    queryClient.invalidateQueries({ queryKey: [...keys.conversations, 'one'] });
  }
}

/** Conversations known to be in the Fila: the list fills it, so only arrivals ring. */
export const knownInFila = new Set<number>();

function announce(conversation: ConversationSummary | undefined) {
  if (!conversation) return;
  if (conversation.situacao !== 'fila') {
    knownInFila.delete(conversation.id);
    return;
  }
  if (knownInFila.has(conversation.id)) return;
  knownInFila.add(conversation.id);
  ring();
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
    new Notification(t('notify.newInFila', { name: conversation.contact.name }), { body: conversation.lastMessagePreview ?? '', tag: `conversation-${conversation.id}` });
  }
}

/** The agent's own conversations in chat (id -> contact's name): where a subscriber's message rings. */
const mine = new Map<number, string>();
let myUserId: number | undefined;

function noteMine(conversation: ConversationSummary | undefined) {
  if (!conversation || myUserId === undefined) return;
  if (conversation.situacao === 'chat' && conversation.responsavel?.id === myUserId) mine.set(conversation.id, conversation.contact.name);
  else mine.delete(conversation.id);
}

/** The agent's conversations, kept fresh by the live events (their key is under the lists'): the
 * tab's title counts their unread messages, seen from another browser tab. */
export function useMyConversations(userId: number | undefined, enabled: boolean) {
  const list = useQuery({
    queryKey: [...keys.conversations, 'list', 'mine', userId],
    queryFn: () => api.get<ConversationList>('/conversations?tab=meus&limit=100'),
    enabled: enabled && userId !== undefined,
  });
  myUserId = userId;
  const items = list.data?.items;
  const unread = (items ?? []).reduce((sum, c) => sum + c.unreadCount, 0);
  useEffect(() => {
    if (!items) return;
    mine.clear();
    for (const c of items) noteMine(c);
  }, [items]);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
  }, [unread]);
}

/** The conversation open on screen (/chat/<tab>/<id>), if the tab is visible. */
function lookingAt(conversationId: number): boolean {
  const open = /^\/chat\/[^/]+\/(\d+)/.exec(location.pathname);
  return !document.hidden && open !== null && Number(open[1]) === conversationId;
}

function announceMessage(message: Message) {
  if (message.authorKind !== 'contact' || message.direction !== 'in') return;
  const name = mine.get(message.conversationId);
  if (name === undefined || lookingAt(message.conversationId)) return;
  ring();
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    const notification = new Notification(t('notify.newMessage', { name }), { body: message.body ?? t(`notify.kind.${message.type}`), tag: `message-${message.conversationId}` });
    notification.onclick = () => {
      window.focus();
      history.pushState(null, '', `/chat/abertos/${message.conversationId}`);
      dispatchEvent(new PopStateEvent('popstate'));
    };
  }
}

let audio: AudioContext | undefined;

/** A short two-tone chime, synthesized: no sound file to fetch. */
export function ring() {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.16, 1320]] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.15, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.25);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now + offset);
      oscillator.stop(now + offset + 0.3);
    }
    (window as unknown as { __prosaRings?: number }).__prosaRings = ((window as unknown as { __prosaRings?: number }).__prosaRings ?? 0) + 1;
  } catch {
    // No audio device: the notification and the badge still tell.
  }
}
