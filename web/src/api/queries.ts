// Server state through TanStack Query: one hook per list or resource, keys shared with the live layer.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, query } from './client';
import type {
  Channel, ConversationDetail, ConversationList, Installation, Me, MessagesPage, Motivo, QuickReply, Sector, Tab, Tag, User,
} from './types';

export interface ListFilters {
  q?: string;
  responsavelId?: number;
  sectorId?: number;
  tagId?: number;
  channelId?: string;
}

export const keys = {
  me: ['me'] as const,
  installation: ['installation'] as const,
  conversations: ['conversations'] as const,
  list: (tab: Tab, filters: ListFilters) => ['conversations', 'list', tab, filters] as const,
  conversation: (id: number) => ['conversations', 'one', id] as const,
  messages: (id: number) => ['messages', id] as const,
  catalog: (name: string) => ['catalog', name] as const,
  blocked: ['blocked'] as const,
};

export const useMe = () =>
  useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>('/auth/me'), retry: false, staleTime: Infinity });

/** Whether the first run is still to be done, and whether this is the demo (asked before any login). */
export const useInstallation = () =>
  useQuery({ queryKey: keys.installation, queryFn: () => api.get<Installation>('/installation'), staleTime: Infinity });

const catalog = <T,>(name: string, path: string) => () =>
  useQuery({ queryKey: keys.catalog(name), queryFn: () => api.get<T[]>(path), staleTime: 60_000 });

export const useSectors = catalog<Sector>('sectors', '/sectors');
export const useUsers = catalog<User>('users', '/users');
export const useChannels = catalog<Channel>('channels', '/channels');
export const useTags = catalog<Tag>('tags', '/tags');
export const useMotivos = catalog<Motivo>('motivos', '/motivos');
export const useQuickReplies = catalog<QuickReply>('quick-replies', '/quick-replies');

export const useConversations = (tab: Tab, filters: ListFilters) =>
  useInfiniteQuery({
    queryKey: keys.list(tab, filters),
    queryFn: ({ pageParam }) => api.get<ConversationList>(`/conversations${query({ tab, ...filters, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useConversation = (id: number | null) =>
  useQuery({
    queryKey: keys.conversation(id ?? 0),
    queryFn: () => api.get<ConversationDetail>(`/conversations/${id}`),
    enabled: id !== null,
  });

/** Pages go backwards in time: the first page is the newest. */
export const useMessages = (id: number | null) =>
  useInfiniteQuery({
    queryKey: keys.messages(id ?? 0),
    queryFn: ({ pageParam }) => api.get<MessagesPage>(`/conversations/${id}/messages${query({ before: pageParam, limit: 50 })}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled: id !== null,
  });
