// Atendentes: the provider's people — role, sectors, how many conversations at once, active. An
// administrator adds someone with a first password shown once (to pass on by hand), edits, resets a
// password, deactivates.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api } from '../api/client';
import { keys, useSectors } from '../api/queries';
import type { Sector, TeamMember } from '../api/types';
import { t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { ActiveButton, AdminPageHead, EditButton, ListState, useRowAction } from '../ui/admin-page';
import { useToast } from '../ui/toast';

const ROLES = ['atendente', 'supervisor', 'administrador'] as const;
const teamKey = [...keys.catalog('users'), 'team'] as const;
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function AtendentesPage() {
  const [q, setQ] = useState('');
  const search = fold(useDeferredValue(q.trim()));
  const team = useQuery({ queryKey: teamKey, queryFn: () => api.get<TeamMember[]>('/team') });
  const sectors = useSectors();
  const [editing, setEditing] = useState<TeamMember | 'new' | null>(null);
  const [handOver, setHandOver] = useState<{ name: string; email: string; password: string } | null>(null);
  const [resetting, setResetting] = useState<TeamMember | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  // The Responsável pickers read the same users.
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.catalog('users') });
  const sectorNames = (ids: number[]) => ids.map((id) => sectors.data?.find((s) => s.id === id)?.name ?? `#${id}`).join(', ') || '—';
  const shown = { ...team, data: team.data?.filter((u) => !search || fold(`${u.name} ${u.email}`).includes(search)) };

  const act = useRowAction(refresh);
  const reset = (user: TeamMember) => act(async () => {
    const { temporaryPassword } = await api.post<{ temporaryPassword: string }>(`/team/${user.id}/password-reset`);
    setHandOver({ name: user.name, email: user.email, password: temporaryPassword });
  }, t('atendentes.resetDone', { name: user.name }));

  return (
    <section className="page" aria-labelledby="atendentes-title">
      <AdminPageHead
        id="atendentes-title" title={t('atendentes.title')} newLabel={t('atendentes.new')} onNew={() => setEditing('new')}
        search={{ label: t('atendentes.search'), value: q, onChange: setQ }}
      />
      <ListState query={shown}>{(rows) => (
        <table className="table" aria-labelledby="atendentes-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('login.email')}</th>
              <th scope="col">{t('atendentes.role')}</th>
              <th scope="col">{t('atendentes.sectors')}</th>
              <th scope="col" className="numeric">{t('atendentes.maxConcurrent')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((user) => (
              <tr key={user.id} className={user.active ? undefined : 'inactive'}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{t(`role.${user.role}`)}</td>
                <td>{sectorNames(user.sectorIds)}</td>
                <td className="numeric">{user.maxConcurrent}</td>
                <td>{!user.active ? t('admin.inactiveM') : user.mustChangePassword ? t('atendentes.firstPassword') : t('admin.activeM')}</td>
                <td>
                  <div className="row-actions">
                    <EditButton name={user.name} onClick={() => setEditing(user)} />
                    <button type="button" aria-label={`${t('atendentes.reset')} ${user.name}`} onClick={() => setResetting(user)}>{t('atendentes.reset')}</button>
                    <ActiveButton name={user.name} active={user.active}
                      onChange={(active) => act(() => api.patch(`/team/${user.id}`, { active }), t(active ? 'atendentes.reactivated' : 'atendentes.deactivated', { name: user.name }))} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</ListState>
      {editing && (
        <MemberDialog
          member={editing === 'new' ? null : editing}
          sectors={sectors.data ?? []}
          onClose={() => setEditing(null)}
          onDone={(name, added) => {
            setEditing(null);
            refresh();
            if (added) setHandOver(added);
            else toast(t('atendentes.saved', { name }));
          }}
        />
      )}
      {resetting && <ResetDialog member={resetting} onClose={() => setResetting(null)} onConfirm={() => { setResetting(null); reset(resetting); }} />}
      {handOver && <FirstPasswordDialog {...handOver} onClose={() => setHandOver(null)} />}
    </section>
  );
}

type Added = { name: string; email: string; password: string };

function MemberDialog({ member, sectors, onClose, onDone }: {
  member: TeamMember | null; sectors: Sector[]; onClose(): void; onDone(name: string, added?: Added): void;
}) {
  const [form, setForm] = useState({
    name: member?.name ?? '', email: member?.email ?? '', role: member?.role ?? 'atendente', maxConcurrent: String(member?.maxConcurrent ?? 5),
  });
  const [sectorIds, setSectorIds] = useState(() => new Set(member?.sectorIds ?? []));
  const toggle = (id: number) => setSectorIds((current) => {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const body = { name: form.name, role: form.role, sectorIds: [...sectorIds], maxConcurrent: Number(form.maxConcurrent) };
  const { busy, error, submit } = useSubmit(async () => {
    if (member) {
      await api.patch(`/team/${member.id}`, body);
      onDone(form.name.trim());
    } else {
      const added = await api.post<{ user: TeamMember; temporaryPassword: string }>('/team', { ...body, email: form.email });
      onDone(added.user.name, { name: added.user.name, email: added.user.email, password: added.temporaryPassword });
    }
  }, () => {});
  const offered = sectors.filter((s) => s.active || sectorIds.has(s.id));
  return (
    <Dialog title={member ? t('atendentes.edit') : t('atendentes.new')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>{t('admin.name')}<input required autoFocus maxLength={120} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        {!member && (
          <label>{t('login.email')}<input type="email" required maxLength={200} value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
        )}
        <label>
          {t('atendentes.role')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as TeamMember['role'] })}>
            {ROLES.map((role) => <option key={role} value={role}>{t(`role.${role}`)}</option>)}
          </select>
        </label>
        <fieldset>
          <legend>{t('atendentes.sectors')}</legend>
          <div className="sector-options">
            {offered.map((s) => (
              <label key={s.id}><input type="checkbox" checked={sectorIds.has(s.id)} onChange={() => toggle(s.id)} />{s.name}</label>
            ))}
          </div>
          <p className="muted small">{t('atendentes.sectorsHint')}</p>
        </fieldset>
        <label>
          {t('atendentes.maxConcurrent')}
          <input type="number" required min={1} max={50} value={form.maxConcurrent} onChange={(e) => setForm({ ...form, maxConcurrent: e.target.value })} />
        </label>
        <ErrorLine error={error} />
        <Actions busy={busy} label={member ? t('common.save') : t('atendentes.add')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** Resetting ends the person's sessions: asked once before. */
function ResetDialog({ member, onClose, onConfirm }: { member: TeamMember; onClose(): void; onConfirm(): void }) {
  const { busy, submit } = useSubmit(async () => onConfirm(), () => {});
  return (
    <Dialog title={t('atendentes.reset')} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{t('atendentes.resetConfirm', { name: member.name })}</p>
        <Actions busy={busy} label={t('atendentes.reset')} onCancel={onClose} danger />
      </form>
    </Dialog>
  );
}

/** The first password, shown this once, to pass on by hand; the person replaces it at their first login. */
function FirstPasswordDialog({ name, email, password, onClose }: Added & { onClose(): void }) {
  const toast = useToast();
  const copy = async () => {
    await navigator.clipboard.writeText(password).then(() => toast(t('atendentes.copied')), () => {});
  };
  return (
    <Dialog title={t('atendentes.firstPasswordTitle')} description={t('atendentes.firstPasswordHint', { name, email })} onClose={onClose}>
      <p className="first-password"><code aria-label={t('atendentes.firstPasswordTitle')}>{password}</code></p>
      <div className="dialog-actions">
        <button type="button" onClick={copy}>{t('atendentes.copy')}</button>
        <button type="button" className="primary" onClick={onClose}>{t('atendentes.done')}</button>
      </div>
    </Dialog>
  );
}
