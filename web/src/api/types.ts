// The API's shapes, taken from the server's own zod schemas (types only: nothing of the server
// reaches the bundle).
import type { z } from 'zod';
import type {
  ConversationDetailShape,
  ConversationListShape,
  ConversationSummaryShape,
  MeShape,
  MessageShape,
  MessagesPageShape,
  SearchResultShape,
  TimelineEventShape,
  ContactShape,
} from '../../../server/http/shapes';

export type Me = z.infer<typeof MeShape>;
export type ConversationSummary = z.infer<typeof ConversationSummaryShape>;
export type ConversationList = z.infer<typeof ConversationListShape>;
export type ConversationDetail = z.infer<typeof ConversationDetailShape>;
export type Message = z.infer<typeof MessageShape>;
export type MessagesPage = z.infer<typeof MessagesPageShape>;
export type TimelineEvent = z.infer<typeof TimelineEventShape>;
export type SearchResult = z.infer<typeof SearchResultShape>;
export type Contact = z.infer<typeof ContactShape>;
export type Tab = 'fila' | 'abertos' | 'fechados';

export interface Sector { id: number; name: string; isDefault: boolean; active: boolean }
export interface User { id: number; name: string; email: string; role: Me['user']['role']; active: boolean; sectorIds: number[] }
export interface Channel { id: string; kind: string; name: string; active: boolean }
export interface Tag { id: number; name: string; color: string; active: boolean }
export interface Motivo { id: number; name: string; sectorId: number | null; active: boolean }
export interface QuickReply { id: number; shortcut: string; title: string; body: string; sectorId: number | null; active: boolean }
export interface ClientRef { id: number; name: string; document: string | null; phone: string | null }
export interface BlockedContact extends Contact { blockedMessageCount: number; blockedAt: string | null; reason: string | null; blockedByName: string | null }

export interface LiveEvent {
  id: number;
  providerId: number;
  sectorId: number | null;
  conversationId: number | null;
  type: string;
  payload: Record<string, unknown>;
}
