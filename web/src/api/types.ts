// The API's shapes, taken from the zod schemas in api/ that the server answers with (types only:
// no schema reaches the bundle).
import type { z } from 'zod';
import type {
  BlockedContactShape,
  ChannelShape,
  ClientRefShape,
  ConversationDetailShape,
  ConversationListShape,
  ConversationSummaryShape,
  FileShape,
  InstallationShape,
  MeShape,
  MessageShape,
  MessagesPageShape,
  MotivoShape,
  QuickReplyShape,
  RenderedQuickReplyShape,
  ProviderSearchShape,
  SearchResultShape,
  SituacaoShape,
  SectorShape,
  TagOverviewShape,
  TagShape,
  TimelineEventShape,
  ContactShape,
  UserShape,
  TeamMemberShape,
  ChannelSettingsShape,
  ChatSettingsViewShape,
} from '../../../api/shapes';

export type { LiveEvent, LiveEventType } from '../../../api/live-events';
export type { BotAction, BotFlow, BotOption } from '../../../api/bot';

export type Me = z.infer<typeof MeShape>;
export type Installation = z.infer<typeof InstallationShape>;
export type ConversationSummary = z.infer<typeof ConversationSummaryShape>;
export type ConversationList = z.infer<typeof ConversationListShape>;
export type ConversationDetail = z.infer<typeof ConversationDetailShape>;
export type Message = z.infer<typeof MessageShape>;
/** A stored file: a message's attachment or a quick reply's. */
export type FileView = z.infer<typeof FileShape>;
export type MessagesPage = z.infer<typeof MessagesPageShape>;
export type TimelineEvent = z.infer<typeof TimelineEventShape>;
export type SearchResult = z.infer<typeof SearchResultShape>;
export type ProviderSearch = z.infer<typeof ProviderSearchShape>;
export type Situacao = z.infer<typeof SituacaoShape>;
export type Contact = z.infer<typeof ContactShape>;
export type Tab = (typeof import('../../../api/screens').TABS)[number];

export type Sector = z.infer<typeof SectorShape>;
export type User = z.infer<typeof UserShape>;
export type TeamMember = z.infer<typeof TeamMemberShape>;
export type ChannelSettings = z.infer<typeof ChannelSettingsShape>;
export type Channel = z.infer<typeof ChannelShape>;
export type Tag = z.infer<typeof TagShape>;
export type TagOverview = z.infer<typeof TagOverviewShape>;
export type Motivo = z.infer<typeof MotivoShape>;
export type QuickReply = z.infer<typeof QuickReplyShape>;
export type RenderedQuickReply = z.infer<typeof RenderedQuickReplyShape>;
export type ClientRef = z.infer<typeof ClientRefShape>;
export type BlockedContact = z.infer<typeof BlockedContactShape>;
/** Configurações do chat, as the screen reads and saves it. */
export type ChatSettings = z.infer<typeof ChatSettingsViewShape>;
