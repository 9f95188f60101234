// Setores: the provider's teams in their order, whether each attends (takes conversations) or only
// groups people, who is in it (edited on the Atendentes screen), and which one is the default, where
// new conversations fall; search, create, edit, deactivate and reactivate.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, query } from '../api/client';
import { keys } from '../api/queries';
import type { Sector } from '../api/types';
import { t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { ActiveButton, AdminPageHead, EditButton, ListState, useRowAction } from '../ui/admin-page';
import { useToast } from '../ui/toast';

export function SetoresPage() {
  const [q, setQ] = useState('');
  const search = useDeferredValue(q.trim());
  const sectors = useQuery({
    queryKey: [...keys.catalog('sectors'), 'search', search],
    queryFn: () => api.get<Sector[]>(`/sectors${query({ q: search })}`),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<Sector | 'new' | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  // The Chat's filters and pickers read the same list: they see the change too.
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.catalog('sectors') });

  const run = useRowAction(refresh);
  const change = (sector: Sector, changes: Partial<Pick<Sector, 'active' | 'isDefault'>>, done: string) =>
    run(() => api.patch<Sector>(`/sectors/${sector.id}`, changes), done);

  return (
    <section className="page" aria-labelledby="setores-title">
      <AdminPageHead
        id="setores-title" title={t('setores.title')} newLabel={t('setores.new')} onNew={() => setEditing('new')}
        search={{ label: t('setores.search'), value: q, onChange: setQ }}
      />
      <ListState query={sectors}>{(rows) => (
        <table className="table" aria-labelledby="setores-title">
          <thead>
            <tr>
              <th scope="col" className="numeric">{t('setores.position')}</th>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.description')}</th>
              <th scope="col">{t('setores.attends')}</th>
              <th scope="col">{t('setores.members')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((sector) => (
              <tr key={sector.id} className={sector.active ? undefined : 'inactive'}>
                <td className="numeric">{sector.position}</td>
                <td>{sector.name}{sector.isDefault && <> <span className="chip default-chip">{t('setores.default')}</span></>}</td>
                <td>{sector.description ?? '—'}</td>
                <td>{sector.attends ? t(sector.autoAssign ? 'setores.attendsAuto' : 'setores.attendsYes') : t('setores.attendsNo')}</td>
                <td>{sector.members.length === 0 ? '—' : sector.members.map((m) => m.name).join(', ')}</td>
                <td>{sector.active ? t('admin.activeM') : t('admin.inactiveM')}</td>
                <td>
                  <div className="row-actions">
                    <EditButton name={sector.name} onClick={() => setEditing(sector)} />
                    {!sector.isDefault && sector.active && sector.attends && (
                      <button type="button" aria-label={`${t('setores.makeDefault')} ${sector.name}`}
                        onClick={() => change(sector, { isDefault: true }, t('setores.madeDefault', { name: sector.name }))}>{t('setores.makeDefault')}</button>
                    )}
                    {!sector.isDefault && (
                      <ActiveButton name={sector.name} active={sector.active}
                        onChange={(active) => change(sector, { active }, t(active ? 'setores.reactivated' : 'setores.deactivated', { name: sector.name }))} />
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</ListState>
      <p className="muted small">{t('setores.membersHint')}</p>
      {editing && (
        <SectorDialog
          sector={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(name) => { setEditing(null); toast(t('setores.saved', { name })); refresh(); }}
        />
      )}
    </section>
  );
}

function SectorDialog({ sector, onClose, onDone }: { sector: Sector | null; onClose(): void; onDone(name: string): void }) {
  const [name, setName] = useState(sector?.name ?? '');
  const [description, setDescription] = useState(sector?.description ?? '');
  const [position, setPosition] = useState(String(sector?.position ?? 0));
  const [attends, setAttends] = useState(sector?.attends ?? true);
  const [isDefault, setIsDefault] = useState(sector?.isDefault ?? false);
  const [autoAssign, setAutoAssign] = useState(sector?.autoAssign ?? false);
  const body = {
    name, description: description.trim() || null, position: Number(position) || 0, attends, autoAssign,
    // Only choosing it is sent: a sector stops being the default when another one is chosen.
    ...(isDefault && !sector?.isDefault ? { isDefault: true } : {}),
  };
  const { busy, error, submit } = useSubmit(
    () => (sector ? api.patch(`/sectors/${sector.id}`, body) : api.post('/sectors', body)),
    () => onDone(name.trim()),
  );
  return (
    <Dialog title={sector ? t('setores.edit') : t('setores.new')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>{t('admin.name')}<input required autoFocus maxLength={60} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>{t('admin.description')}<textarea rows={3} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label>{t('setores.position')}<input type="number" min={0} max={9999} step={1} value={position} onChange={(e) => setPosition(e.target.value)} /></label>
        <p className="muted small">{t('setores.positionHint')}</p>
        <label>
          <input type="checkbox" checked={attends} disabled={sector?.isDefault} onChange={(e) => setAttends(e.target.checked)} />
          {t('setores.attendsLabel')}
        </label>
        <label>
          <input type="checkbox" checked={autoAssign} disabled={!attends} onChange={(e) => setAutoAssign(e.target.checked)} />
          {t('setores.autoAssignLabel')}
        </label>
        <p className="muted small">{t('setores.autoAssignHint')}</p>
        <label>
          <input type="checkbox" checked={isDefault} disabled={sector?.isDefault || !attends || sector?.active === false} onChange={(e) => setIsDefault(e.target.checked)} />
          {t('setores.defaultLabel')}
        </label>
        <p className="muted small">{sector?.isDefault ? t('setores.isDefaultHint') : t('setores.defaultHint')}</p>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
