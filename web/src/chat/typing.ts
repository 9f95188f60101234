// Typing, both ways, in a web-chat conversation: while the agent writes, the visitor's widget
// shows "Carla está digitando…" (a signal at most every 2 s); while the visitor writes, this
// answers their name for a few seconds after their last signal. Other channels have neither.
import { useEffect, useRef, useState } from 'react';
import type { ConversationDetail, LiveEvent } from '../api/types';
import { liveSocket } from '../live/live';

const SIGNAL_EVERY_MS = 2000;
const SHOWN_MS = 5000;

export function useTyping(conversation: ConversationDetail, text: string): string | null {
  const webchat = conversation.channel.kind === 'webchat';
  const lastSignal = useRef(0);
  const [contactTyping, setContactTyping] = useState<string | null>(null);

  useEffect(() => {
    if (!text.trim()) lastSignal.current = 0; // sent or cleared: the next keystroke tells at once
    if (!webchat || !text.trim() || Date.now() - lastSignal.current < SIGNAL_EVERY_MS) return;
    lastSignal.current = Date.now();
    liveSocket()?.emit('typing', { conversationId: conversation.id });
  }, [webchat, conversation.id, text]);

  useEffect(() => {
    const socket = liveSocket();
    if (!webchat || !socket) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onTyping = (event: Extract<LiveEvent, { type: 'typing' }>) => {
      if (event.conversationId !== conversation.id || event.payload.from !== 'contact') return;
      setContactTyping(event.payload.name);
      clearTimeout(timer);
      timer = setTimeout(() => setContactTyping(null), SHOWN_MS);
    };
    // Their message arriving ends their typing.
    const onMessage = (event: Extract<LiveEvent, { type: 'message.created' }>) => {
      if (event.conversationId === conversation.id && event.payload.message.direction === 'in') setContactTyping(null);
    };
    socket.on('typing', onTyping);
    socket.on('message.created', onMessage);
    return () => {
      socket.off('typing', onTyping);
      socket.off('message.created', onMessage);
      clearTimeout(timer);
      setContactTyping(null);
    };
  }, [webchat, conversation.id]);

  return contactTyping;
}
