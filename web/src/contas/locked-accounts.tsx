// For supervisors and administrators: the agents' accounts refusing logins after wrong passwords,
// with a button to let one in now. Nothing is shown while there are none.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { formatTime, t } from '../i18n';

interface LockedUser {
  id: number;
  name: string;
  email: string;
  failedLogins: number;
  lockedUntil: string;
}

const key = ['users', 'locked'] as const;

export function LockedAccounts() {
  const queryClient = useQueryClient();
  const locked = useQuery({ queryKey: key, queryFn: () => api.get<LockedUser[]>('/users/locked'), refetchInterval: 60_000 });
  const unlock = useMutation({
    mutationFn: (id: number) => api.post(`/users/${id}/unlock`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  if (!locked.data?.length) return null;
  return (
    <div role="status" className="locked-accounts">
      <span>{t('contas.locked')}</span>
      {locked.data.map((user) => (
        <span key={user.id} title={user.email}>
          {t('contas.lockedUser', { name: user.name, until: formatTime(user.lockedUntil), failures: user.failedLogins })}{' '}
          <button type="button" className="link" onClick={() => unlock.mutate(user.id)}>{t('contas.unlock')}</button>
        </span>
      ))}
    </div>
  );
}
