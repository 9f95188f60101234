// Item 3: Etiquetas — add and remove tags on the conversation; administrators may create one.
import { useEffect, useState, type FormEvent } from 'react';
import * as Popover from '@radix-ui/react-popover';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys, useTags } from '../api/queries';
import type { ConversationDetail, Me, Tag } from '../api/types';
import { errorText, t } from '../i18n';
import { TagIcon } from '../ui/icons';
import { useToast } from '../ui/toast';
import { chipStyle } from '../ui/chip';

const COLORS = ['#dc2626', '#f59e0b', '#16a34a', '#2563eb', '#7c3aed', '#db2777', '#0d9488', '#64748b'];

export function TagsPopover({ me, conversation, disabled }: { me: Me; conversation: ConversationDetail; disabled: boolean }) {
  const tags = useTags();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const canCreate = me.user.role === 'administrador';
  // Checked at once; the server's answer (and the live event) confirms it.
  const [on, setOn] = useState(() => new Set(conversation.tags.map((tag) => tag.id)));
  const serverTags = conversation.tags.map((tag) => tag.id).join(',');
  useEffect(() => setOn(new Set(conversation.tags.map((tag) => tag.id))), [serverTags]); // eslint-disable-line react-hooks/exhaustive-deps

  const refresh = () => {
    queryClient.invalidateQueries({ queryKey: keys.conversation(conversation.id) });
    queryClient.invalidateQueries({ queryKey: [...keys.conversations, 'list'] });
  };
  const toggle = async (tag: Tag) => {
    const adding = !on.has(tag.id);
    setOn((current) => {
      const next = new Set(current);
      if (adding) next.add(tag.id);
      else next.delete(tag.id);
      return next;
    });
    try {
      if (!adding) await api.delete(`/conversations/${conversation.id}/tags/${tag.id}`);
      else await api.post(`/conversations/${conversation.id}/tags`, { tagId: tag.id });
    } catch (error) {
      toast(errorText(error));
    }
    refresh();
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    try {
      const tag = await api.post<Tag>('/tags', { name: name.trim(), color: COLORS[(tags.data?.length ?? 0) % COLORS.length] });
      await api.post(`/conversations/${conversation.id}/tags`, { tagId: tag.id });
      setName('');
      queryClient.invalidateQueries({ queryKey: keys.catalog('tags') });
    } catch (error) {
      toast(errorText(error));
    }
    refresh();
  };

  return (
    <Popover.Root>
      <Popover.Trigger className="icon-button" aria-label={t('conversation.tags')} title={t('conversation.tags')} disabled={disabled}>
        <TagIcon />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="end" sideOffset={6} aria-label={t('tags.title')}>
          <h3>{t('tags.title')}</h3>
          <ul className="tag-options">
            {(tags.data ?? []).filter((tag) => tag.active).map((tag) => (
              <li key={tag.id}>
                <label>
                  <input type="checkbox" checked={on.has(tag.id)} onChange={() => toggle(tag)} />
                  <span className="chip" style={chipStyle(tag.color)}>{tag.name}</span>
                </label>
              </li>
            ))}
          </ul>
          {canCreate && (
            <form onSubmit={create} className="inline-form">
              <input aria-label={t('tags.new')} placeholder={t('tags.new')} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />
              <button type="submit">{t('tags.create')}</button>
            </form>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
