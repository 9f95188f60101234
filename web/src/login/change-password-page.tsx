// After logging in with a first password an administrator gave: the person chooses their own before
// anything else (the server answers nothing else until then).
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { Me } from '../api/types';
import { errorText, t } from '../i18n';

const MIN_PASSWORD = 8;

export function ChangePasswordPage({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ current: '', next: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.next !== form.confirm) {
      setError(t('firstRun.passwordsDiffer'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Me>('/auth/password', { currentPassword: form.current, newPassword: form.next });
      queryClient.setQueryData(keys.me, updated);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) });

  return (
    <div className="login">
      <form onSubmit={submit} aria-labelledby="change-password-title">
        <h1 id="change-password-title">{t('password.title')}</h1>
        <p className="muted">{t('password.intro', { name: me.user.name })}</p>
        <label>{t('password.current')}<input type="password" required autoComplete="current-password" autoFocus {...field('current')} /></label>
        <label>{t('password.new')}<input type="password" required minLength={MIN_PASSWORD} maxLength={200} autoComplete="new-password" {...field('next')} /></label>
        <label>{t('firstRun.confirm')}<input type="password" required minLength={MIN_PASSWORD} maxLength={200} autoComplete="new-password" {...field('confirm')} /></label>
        <p className="muted small">{t('firstRun.passwordHint', { min: MIN_PASSWORD })}</p>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{t('password.submit')}</button>
      </form>
    </div>
  );
}
