// Presence: each agent says whether they are online (and receive conversations automatically), on a
// pause (with its reason) or offline; supervisors see the whole team at a glance, with their load.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { Me } from '../api/types';
import { errorText, t } from '../i18n';
import { useToast } from '../ui/toast';

type Status = Me['presence']['status'];
const STATUSES: Status[] = ['online', 'pausa', 'offline'];

export function PresencePicker({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [pausing, setPausing] = useState(false);
  const [reason, setReason] = useState('');
  const save = async (status: Status, pauseReason: string | null = null) => {
    try {
      const saved = await api.put<{ presence: Status; pauseReason: string | null }>('/presence', { presence: status, pauseReason });
      queryClient.setQueryData<Me>(keys.me, (current) => current && { ...current, presence: { status: saved.presence, pauseReason: saved.pauseReason } });
      queryClient.invalidateQueries({ queryKey: teamKey });
      setPausing(false);
    } catch (error) {
      toast(errorText(error));
    }
  };
  const pause = (event: FormEvent) => {
    event.preventDefault();
    save('pausa', reason);
  };
  const current = me.presence.status;
  return (
    <div className="presence">
      <label>
        {t('presence.label')}
        <select
          className={`presence-${current}`}
          value={pausing ? 'pausa' : current}
          onChange={(e) => {
            const next = e.target.value as Status;
            if (next === 'pausa') setPausing(true);
            else save(next);
          }}
        >
          {STATUSES.map((s) => <option key={s} value={s}>{t(`presence.${s}`)}</option>)}
        </select>
      </label>
      {current === 'pausa' && !pausing && me.presence.pauseReason && <span className="small">{me.presence.pauseReason}</span>}
      {pausing && (
        <form onSubmit={pause} className="inline-form">
          <input aria-label={t('presence.reason')} placeholder={t('presence.reasonPlaceholder')} required maxLength={80} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit">{t('presence.save')}</button>
        </form>
      )}
    </div>
  );
}

interface TeamPresence { id: number; name: string; presence: Status; pauseReason: string | null; openConversations: number; maxConcurrent: number }
const teamKey = ['presence', 'team'] as const;

/** For supervisors and administrators: who is online, on a pause (and why) or offline, and how loaded. */
export function TeamPresence() {
  const team = useQuery({ queryKey: teamKey, queryFn: () => api.get<TeamPresence[]>('/presence'), refetchInterval: 30_000 });
  if (!team.data?.length) return null;
  return (
    <section className="team-presence" aria-label={t('presence.team')}>
      <span className="nav-title">{t('presence.team')}</span>
      <ul>
        {team.data.map((u) => (
          <li key={u.id} className={`presence-${u.presence}`}>
            {t('presence.teamLine', {
              name: u.name,
              status: u.presence === 'pausa' && u.pauseReason ? `${t('presence.pausa')} (${u.pauseReason})` : t(`presence.${u.presence}`),
              open: u.openConversations, max: u.maxConcurrent,
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
