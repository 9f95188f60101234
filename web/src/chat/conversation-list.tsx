// The left column: tabs with their counts, the name search, the filters, "+" and the rows.
import { useEffect, useState, type Dispatch, type KeyboardEvent, type SetStateAction } from 'react';
import * as Tabs from '@radix-ui/react-tabs';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { useChannels, useSectors, useTags, useUsers, type ListFilters } from '../api/queries';
import type { ConversationList as ListPage, ConversationSummary, Me, Tab } from '../api/types';
import { formatWaiting, formatWhen, t } from '../i18n';
import { knownInFila } from '../live/live';
import { ChannelIcon } from '../ui/channel-icon';
import { SearchIcon } from '../ui/icons';
import { NewConversationDialog } from './new-conversation-dialog';
import { ProviderSearchDialog, type SearchHit } from './provider-search';
import { useAssume } from './use-assume';
import { chipStyle } from '../ui/chip';

interface Props {
  me: Me;
  tab: Tab;
  onTab(tab: Tab): void;
  filters: ListFilters;
  onFilters: Dispatch<SetStateAction<ListFilters>>;
  list: UseInfiniteQueryResult<InfiniteData<ListPage>>;
  selectedId: number | null;
  onSelect(id: number): void;
  onOpened(id: number, tab: Tab): void;
  /** A message picked in Buscar em todas as conversas. */
  onFound(hit: SearchHit): void;
}

const TABS: Tab[] = ['fila', 'meus', 'abertos', 'fechados', 'bot'];

export function ConversationList({ me, tab, onTab, filters, onFilters, list, selectedId, onSelect, onOpened, onFound }: Props) {
  const [search, setSearch] = useState(filters.q ?? '');
  const [creating, setCreating] = useState(false);
  const [searchingAll, setSearchingAll] = useState(false);
  const users = useUsers();
  const sectors = useSectors();
  const tags = useTags();
  const channels = useChannels();

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      onFilters((current) => ((current.q ?? '') === search.trim() ? current : { ...current, q: search.trim() || undefined }));
    }, 250);
    return () => clearTimeout(timer);
  }, [search, onFilters]);

  const counts = list.data?.pages[0]?.counts;
  // The bot's tab only while it is talking to someone (or open).
  const tabs = TABS.filter((name) => name !== 'bot' || tab === 'bot' || (counts?.bot.total ?? 0) > 0);
  const items = (list.data?.pages ?? []).flatMap((page) => page.items);
  if (tab === 'fila') for (const c of items) knownInFila.add(c.id);
  const setFilter = (key: keyof ListFilters, value: string) =>
    onFilters((current) => ({ ...current, [key]: value === '' ? undefined : key === 'channelId' ? value : Number(value) }));

  return (
    <section className="list-pane" aria-label={t('list.label')}>
      <div className="list-head">
        <input
          type="search"
          className="search"
          placeholder={t('list.search')}
          aria-label={t('list.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {me.user.role !== 'atendente' && (
          <button type="button" className="icon-button" aria-label={t('providerSearch.title')} title={t('providerSearch.title')} onClick={() => setSearchingAll(true)}>
            <SearchIcon />
          </button>
        )}
        <button type="button" className="icon-button primary" aria-label={t('list.newConversation')} title={t('list.newConversation')} onClick={() => setCreating(true)}>+</button>
      </div>
      <div className="filters">
        {/* Meus atendimentos is already one atendente's: the filter would only contradict it. */}
        <select aria-label={t('list.filter.atendente')} value={tab === 'meus' ? me.user.id : filters.responsavelId ?? ''} disabled={tab === 'meus'} onChange={(e) => setFilter('responsavelId', e.target.value)}>
          <option value="">{t('list.filter.atendente')}: {t('list.filter.all')}</option>
          {(users.data ?? []).filter((u) => u.active).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </select>
        <select aria-label={t('list.filter.setor')} value={filters.sectorId ?? ''} onChange={(e) => setFilter('sectorId', e.target.value)}>
          <option value="">{t('list.filter.setor')}: {t('list.filter.all')}</option>
          {(sectors.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
        <select aria-label={t('list.filter.etiqueta')} value={filters.tagId ?? ''} onChange={(e) => setFilter('tagId', e.target.value)}>
          <option value="">{t('list.filter.etiqueta')}: {t('list.filter.allF')}</option>
          {(tags.data ?? []).filter((x) => x.active).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
        </select>
        <select aria-label={t('list.filter.canal')} value={filters.channelId ?? ''} onChange={(e) => setFilter('channelId', e.target.value)}>
          <option value="">{t('list.filter.canal')}: {t('list.filter.all')}</option>
          {(channels.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </div>
      <Tabs.Root value={tab} onValueChange={(value) => onTab(value as Tab)} className="tabs">
        <Tabs.List aria-label={t('list.label')} className="tab-list">
          {tabs.map((name) => (
            <Tabs.Trigger key={name} value={name} className="tab" title={name === 'meus' ? t('tabs.meus.title') : undefined}>
              {t(`tabs.${name}`)}
              {counts && <span className="count" aria-label={`${counts[name].total}${counts[name].exact ? '' : '+'}`}>{counts[name].total.toLocaleString('pt-BR')}{counts[name].exact ? '' : '+'}</span>}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {tabs.map((name) => (
          <Tabs.Content key={name} value={name} className="tab-panel">
            {name === tab && (
              <Rows me={me} tab={tab} items={items} loading={list.isPending} selectedId={selectedId} onSelect={onSelect} onOpened={onOpened} />
            )}
            {name === tab && list.hasNextPage && (
              <button type="button" className="more" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>{t('list.more')}</button>
            )}
          </Tabs.Content>
        ))}
      </Tabs.Root>
      {searchingAll && <ProviderSearchDialog onClose={() => setSearchingAll(false)} onOpen={(hit) => { setSearchingAll(false); onFound(hit); }} />}
      {creating && <NewConversationDialog me={me} onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); onOpened(id, 'abertos'); }} />}
    </section>
  );
}

function Rows({ me, tab, items, loading, selectedId, onSelect, onOpened }: {
  me: Me; tab: Tab; items: ConversationSummary[]; loading: boolean; selectedId: number | null;
  onSelect(id: number): void; onOpened(id: number, tab: Tab): void;
}) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  const assume = useAssume(onOpened);

  if (loading) return <p className="muted pad">{t('common.loading')}</p>;
  if (items.length === 0) return <p className="muted pad">{t('list.empty')}</p>;

  // ↑/↓ on a row open the conversation above or below and keep the focus in the list.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.row-open')];
    const at = rows.indexOf(event.target as HTMLButtonElement);
    if (at === -1) return;
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= rows.length) return;
    event.preventDefault();
    rows[next].focus();
    onSelect(items[next].id);
  };

  return (
    <ul className="rows" aria-label={t(tab === 'meus' ? 'tabs.meus.title' : `tabs.${tab}`)} onKeyDown={onKeyDown}>
      {items.map((c) => (
        <li key={c.id} className={c.id === selectedId ? 'row selected' : 'row'} aria-current={c.id === selectedId ? 'true' : undefined}>
          <button type="button" className="row-open" onClick={() => onSelect(c.id)} aria-label={c.contact.name}>
            <span className="row-top">
              <ChannelIcon kind={c.channel.kind} />
              <span className="row-name">{c.contact.name}</span>
              <time className="row-time" dateTime={c.lastMessageAt}>{formatWhen(c.lastMessageAt)}</time>
            </span>
            <span className="row-preview">{c.lastMessagePreview}</span>
            <span className="row-meta">
              {tab === 'fila' && c.queuedAt && <span className="waiting">{t('list.waiting', { time: formatWaiting(c.queuedAt) })}</span>}
              {c.responsavel && <span className="responsavel">{c.responsavel.name}</span>}
              {c.tags.map((tag) => <span key={tag.id} className="chip" style={chipStyle(tag.color)}>{tag.name}</span>)}
            </span>
          </button>
          {c.unreadCount > 0 && <span className="badge" aria-label={t('list.unread', { count: c.unreadCount })}>{c.unreadCount}</span>}
          {(tab === 'fila' || tab === 'bot') && me.user && (
            <button type="button" className="assume" onClick={() => assume(c.id)}>{t('list.assume')}</button>
          )}
        </li>
      ))}
    </ul>
  );
}
