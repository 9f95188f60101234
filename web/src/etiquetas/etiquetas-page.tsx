// Etiquetas: the provider's tags with how many conversations carry each; search, create, edit,
// deactivate (the tag leaves the Chat's options and stays on its conversations) and reactivate.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, query } from '../api/client';
import { keys } from '../api/queries';
import type { Tag, TagOverview } from '../api/types';
import { t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { ActiveButton, AdminPageHead, EditButton, ListState, useRowAction } from '../ui/admin-page';
import { useToast } from '../ui/toast';
import { chipStyle } from '../ui/chip';

const DEFAULT_COLOR = '#64748b';

export function EtiquetasPage() {
  const [q, setQ] = useState('');
  const search = useDeferredValue(q.trim());
  const tags = useQuery({
    queryKey: [...keys.catalog('tags'), 'overview', search],
    queryFn: () => api.get<TagOverview[]>(`/tags/overview${query({ q: search })}`),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<TagOverview | 'new' | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  // The Chat's pickers read the same list: they see the change too.
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.catalog('tags') });

  const run = useRowAction(refresh);
  const setActive = (tag: TagOverview, active: boolean) =>
    run(() => api.patch<Tag>(`/tags/${tag.id}`, { active }), t(active ? 'etiquetas.reactivated' : 'etiquetas.deactivated', { name: tag.name }));

  return (
    <section className="page" aria-labelledby="etiquetas-title">
      <AdminPageHead
        id="etiquetas-title" title={t('etiquetas.title')} newLabel={t('etiquetas.new')} onNew={() => setEditing('new')}
        search={{ label: t('etiquetas.search'), value: q, onChange: setQ }}
      />
      <ListState query={tags}>{(rows) => (
        <table className="table" aria-labelledby="etiquetas-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.description')}</th>
              <th scope="col" className="numeric">{t('etiquetas.conversations')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((tag) => (
              <tr key={tag.id} className={tag.active ? undefined : 'inactive'}>
                <td><span className="chip" style={chipStyle(tag.color)}>{tag.name}</span></td>
                <td>{tag.description ?? '—'}</td>
                <td className="numeric">{tag.conversationCount}</td>
                <td>{tag.active ? t('admin.active') : t('admin.inactive')}</td>
                <td>
                  <div className="row-actions">
                    <EditButton name={tag.name} onClick={() => setEditing(tag)} />
                    <ActiveButton name={tag.name} active={tag.active} onChange={(active) => setActive(tag, active)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</ListState>
      {editing && (
        <TagDialog
          tag={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(name) => { setEditing(null); toast(t('etiquetas.saved', { name })); refresh(); }}
        />
      )}
    </section>
  );
}

function TagDialog({ tag, onClose, onDone }: { tag: TagOverview | null; onClose(): void; onDone(name: string): void }) {
  const [name, setName] = useState(tag?.name ?? '');
  const [color, setColor] = useState(tag?.color ?? DEFAULT_COLOR);
  const [description, setDescription] = useState(tag?.description ?? '');
  const body = { name, color, description: description.trim() || null };
  const { busy, error, submit } = useSubmit(
    () => (tag ? api.patch(`/tags/${tag.id}`, body) : api.post('/tags', body)),
    () => onDone(name.trim()),
  );
  return (
    <Dialog title={tag ? t('etiquetas.edit') : t('etiquetas.new')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>{t('admin.name')}<input required autoFocus maxLength={60} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <div className="color-field">
          <label>{t('etiquetas.color')}<input type="color" value={color} onChange={(e) => setColor(e.target.value)} /></label>
          <span className="chip" aria-hidden="true" style={chipStyle(color)}>{name.trim() || t('etiquetas.new')}</span>
        </div>
        <label>{t('admin.description')}<textarea rows={3} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
