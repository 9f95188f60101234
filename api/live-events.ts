// The live events agents receive over Socket.IO (and catch up on from the feed), one shape per type:
// a client that reads `event.type` knows its payload without casting.
import { z } from 'zod';
import { ContactShape, ConversationSummaryShape, MessageShape } from './shapes.js';

const MessagePayload = z.object({ message: MessageShape });
const ConversationPayload = z.object({ conversation: ConversationSummaryShape });

export const LivePayloads = {
  'message.created': MessagePayload,
  /** A message changed: its delivery status, its file arrived, or the contact edited or took it back. */
  'message.status': MessagePayload,
  'conversation.created': ConversationPayload,
  'conversation.updated': ConversationPayload,
  'conversation.closed': ConversationPayload,
  /** The tabs' counts moved; clients ask for them again. */
  'counts.changed': z.object({}),
  /** Blocked or unblocked (`blocked`), or edited (`contact`). */
  'contact.updated': z.object({ contactId: z.number(), blocked: z.boolean().optional(), contact: ContactShape.optional() }),
  /** Someone is typing in a conversation: never stored in the feed nor replayed (its id is 0). */
  typing: z.object({ from: z.enum(['agent', 'contact']), name: z.string() }),
} as const;

export type LiveEventType = keyof typeof LivePayloads;
export const LIVE_EVENT_TYPES = Object.keys(LivePayloads) as LiveEventType[];

const envelope = {
  /** The feed row id: a client that reconnects asks for everything after the last one it saw. */
  id: z.number(),
  providerId: z.number(),
  /** Who may see it: agents of this sector (null: every agent of the provider). */
  sectorId: z.number().nullable(),
  conversationId: z.number().nullable(),
  /** A conversation event's access version: it changes whenever who may see the conversation does
   * (its sector or responsável); the gateway re-checks the conversation's room only then. */
  accessVersion: z.number().optional(),
};

export const LiveEventShape = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('message.created'), payload: LivePayloads['message.created'] }),
  z.object({ ...envelope, type: z.literal('message.status'), payload: LivePayloads['message.status'] }),
  z.object({ ...envelope, type: z.literal('conversation.created'), payload: LivePayloads['conversation.created'] }),
  z.object({ ...envelope, type: z.literal('conversation.updated'), payload: LivePayloads['conversation.updated'] }),
  z.object({ ...envelope, type: z.literal('conversation.closed'), payload: LivePayloads['conversation.closed'] }),
  z.object({ ...envelope, type: z.literal('counts.changed'), payload: LivePayloads['counts.changed'] }),
  z.object({ ...envelope, type: z.literal('contact.updated'), payload: LivePayloads['contact.updated'] }),
  z.object({ ...envelope, type: z.literal('typing'), payload: LivePayloads.typing }),
]);

export type LiveEvent = z.infer<typeof LiveEventShape>;
/** An event as a use case emits it, before the feed gives it an id. */
export type NewLiveEvent = LiveEvent extends infer E ? (E extends LiveEvent ? Omit<E, 'id' | 'providerId'> : never) : never;
