// Motivo: the reasons an agent closes a conversation with, each for every sector or only some;
// search, create, edit, deactivate (no longer offered when closing) and reactivate.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, query } from '../api/client';
import { keys, useSectors } from '../api/queries';
import type { Motivo, Sector } from '../api/types';
import { t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { ActiveButton, AdminPageHead, EditButton, ListState, useRowAction } from '../ui/admin-page';
import { useToast } from '../ui/toast';

export function MotivosPage() {
  const [q, setQ] = useState('');
  const search = useDeferredValue(q.trim());
  const motivos = useQuery({
    queryKey: [...keys.catalog('motivos'), 'search', search],
    queryFn: () => api.get<Motivo[]>(`/motivos${query({ q: search })}`),
    placeholderData: keepPreviousData,
  });
  const sectors = useSectors();
  const [editing, setEditing] = useState<Motivo | 'new' | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  // The Chat's Motivo selects read the same list: they see the change too.
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.catalog('motivos') });
  const sectorNames = (m: Motivo) =>
    m.sectorIds.length === 0
      ? t('motivos.allSectors')
      : m.sectorIds.map((id) => sectors.data?.find((s) => s.id === id)?.name ?? `#${id}`).join(', ');

  const run = useRowAction(refresh);
  const setActive = (motivo: Motivo, active: boolean) =>
    run(() => api.patch<Motivo>(`/motivos/${motivo.id}`, { active }), t(active ? 'motivos.reactivated' : 'motivos.deactivated', { name: motivo.name }));

  return (
    <section className="page" aria-labelledby="motivos-title">
      <AdminPageHead
        id="motivos-title" title={t('motivos.title')} newLabel={t('motivos.new')} onNew={() => setEditing('new')}
        search={{ label: t('motivos.search'), value: q, onChange: setQ }}
      />
      <ListState query={motivos}>{(rows) => (
        <table className="table" aria-labelledby="motivos-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.description')}</th>
              <th scope="col">{t('motivos.sectors')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((motivo) => (
              <tr key={motivo.id} className={motivo.active ? undefined : 'inactive'}>
                <td>{motivo.name}</td>
                <td>{motivo.description ?? '—'}</td>
                <td>{sectorNames(motivo)}</td>
                <td>{motivo.active ? t('admin.activeM') : t('admin.inactiveM')}</td>
                <td>
                  <div className="row-actions">
                    <EditButton name={motivo.name} onClick={() => setEditing(motivo)} />
                    <ActiveButton name={motivo.name} active={motivo.active} onChange={(active) => setActive(motivo, active)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</ListState>
      {editing && (
        <MotivoDialog
          motivo={editing === 'new' ? null : editing}
          sectors={sectors.data ?? []}
          onClose={() => setEditing(null)}
          onDone={(name) => { setEditing(null); toast(t('motivos.saved', { name })); refresh(); }}
        />
      )}
    </section>
  );
}

function MotivoDialog({ motivo, sectors, onClose, onDone }: { motivo: Motivo | null; sectors: Sector[]; onClose(): void; onDone(name: string): void }) {
  const [name, setName] = useState(motivo?.name ?? '');
  const [description, setDescription] = useState(motivo?.description ?? '');
  const [sectorIds, setSectorIds] = useState(() => new Set(motivo?.sectorIds ?? []));
  const toggle = (id: number) => setSectorIds((current) => {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const body = { name, description: description.trim() || null, sectorIds: [...sectorIds] };
  const { busy, error, submit } = useSubmit(
    () => (motivo ? api.patch(`/motivos/${motivo.id}`, body) : api.post('/motivos', body)),
    () => onDone(name.trim()),
  );
  // An inactive sector stays listed while the motivo still names it, so that saving does not drop it silently.
  const offered = sectors.filter((s) => s.active || sectorIds.has(s.id));
  return (
    <Dialog title={motivo ? t('motivos.edit') : t('motivos.new')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>{t('admin.name')}<input required autoFocus maxLength={80} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>{t('admin.description')}<textarea rows={3} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <fieldset>
          <legend>{t('motivos.sectors')}</legend>
          <div className="sector-options">
            {offered.map((s) => (
              <label key={s.id}><input type="checkbox" checked={sectorIds.has(s.id)} onChange={() => toggle(s.id)} />{s.name}</label>
            ))}
          </div>
          <p className="muted small">{t('motivos.sectorsHint')}</p>
        </fieldset>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
