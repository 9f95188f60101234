// Etiquetas: the provider's tags with how many conversations carry each; search, create, edit,
// deactivate (the tag leaves the Chat's options and stays on its conversations) and reactivate.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, query } from '../api/client';
import { keys } from '../api/queries';
import type { Tag, TagOverview } from '../api/types';
import { errorText, t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { useToast } from '../ui/toast';

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

  const setActive = async (tag: TagOverview, active: boolean) => {
    try {
      await api.patch<Tag>(`/tags/${tag.id}`, { active });
      toast(t(active ? 'etiquetas.reactivated' : 'etiquetas.deactivated', { name: tag.name }));
    } catch (error) {
      toast(errorText(error));
    }
    refresh();
  };

  return (
    <section className="page" aria-labelledby="etiquetas-title">
      <div className="page-head">
        <h1 id="etiquetas-title">{t('etiquetas.title')}</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>{t('etiquetas.new')}</button>
      </div>
      <input
        type="search" className="page-search" aria-label={t('etiquetas.search')} placeholder={t('etiquetas.search')}
        value={q} onChange={(e) => setQ(e.target.value)}
      />
      {tags.isPending ? <p className="muted">{t('common.loading')}</p> : tags.isError ? <ErrorLine error={errorText(tags.error)} /> : tags.data.length === 0 ? (
        <p className="muted">{t('admin.none')}</p>
      ) : (
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
            {tags.data.map((tag) => (
              <tr key={tag.id} className={tag.active ? undefined : 'inactive'}>
                <td><span className="chip" style={{ '--chip': tag.color } as React.CSSProperties}>{tag.name}</span></td>
                <td>{tag.description ?? '—'}</td>
                <td className="numeric">{tag.conversationCount}</td>
                <td>{tag.active ? t('admin.active') : t('admin.inactive')}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" aria-label={`${t('admin.edit')} ${tag.name}`} onClick={() => setEditing(tag)}>{t('admin.edit')}</button>
                    {tag.active ? (
                      <button type="button" aria-label={`${t('admin.deactivate')} ${tag.name}`} onClick={() => setActive(tag, false)}>{t('admin.deactivate')}</button>
                    ) : (
                      <button type="button" aria-label={`${t('admin.reactivate')} ${tag.name}`} onClick={() => setActive(tag, true)}>{t('admin.reactivate')}</button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
          <span className="chip" aria-hidden="true" style={{ '--chip': color } as React.CSSProperties}>{name.trim() || t('etiquetas.new')}</span>
        </div>
        <label>{t('admin.description')}<textarea rows={3} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
