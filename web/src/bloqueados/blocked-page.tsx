// Bloqueados: who is blocked, since when and by whom, how many messages were held back; unblock.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { BlockedContact } from '../api/types';
import { errorText, formatDateTime, t } from '../i18n';
import { useToast } from '../ui/toast';
import { formatPhone } from '../../../api/phone';

export function BlockedPage() {
  const blocked = useQuery({ queryKey: keys.blocked, queryFn: () => api.get<BlockedContact[]>('/blocked-contacts') });
  const queryClient = useQueryClient();
  const toast = useToast();
  const unblock = async (id: number) => {
    try {
      await api.delete(`/contacts/${id}/block`);
    } catch (error) {
      toast(errorText(error));
    }
    queryClient.invalidateQueries({ queryKey: keys.blocked });
  };
  return (
    <section className="page" aria-labelledby="blocked-title">
      <h1 id="blocked-title">{t('bloqueados.title')}</h1>
      {blocked.isPending ? <p className="muted">{t('common.loading')}</p> : (blocked.data ?? []).length === 0 ? (
        <p className="muted">{t('bloqueados.empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('contato.name')}</th>
              <th scope="col">{t('contato.phone')}</th>
              <th scope="col">{t('bloqueados.since')}</th>
              <th scope="col">{t('bloqueados.by')}</th>
              <th scope="col">{t('bloqueados.reason')}</th>
              <th scope="col">{t('bloqueados.held')}</th>
              <th scope="col"><span className="sr-only">{t('bloqueados.unblock')}</span></th>
            </tr>
          </thead>
          <tbody>
            {blocked.data!.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.phone ? formatPhone(c.phone) : '—'}</td>
                <td>{c.blockedAt ? formatDateTime(c.blockedAt) : '—'}</td>
                <td>{c.blockedByName ?? '—'}</td>
                <td>{c.reason ?? '—'}</td>
                <td>{c.blockedMessageCount}</td>
                <td><button type="button" onClick={() => unblock(c.id)} aria-label={`${t('bloqueados.unblock')} ${c.name}`}>{t('bloqueados.unblock')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
