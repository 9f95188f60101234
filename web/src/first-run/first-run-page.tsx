// The first run of a real installation: the provider and its first administrator, with a password
// of their choosing. Shown instead of the login while no provider exists; the server closes it after.
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { Me } from '../api/types';
import { errorText, t } from '../i18n';

const MIN_PASSWORD = 8;

export function FirstRunPage() {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ provider: '', cnpj: '', city: '', name: '', email: '', password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.password !== form.confirm) {
      setError(t('firstRun.passwordsDiffer'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<Me>('/installation', {
        provider: { name: form.provider, cnpj: form.cnpj, city: form.city },
        admin: { name: form.name, email: form.email, password: form.password },
      });
      queryClient.setQueryData(keys.installation, { setupNeeded: false, demo: false });
      queryClient.setQueryData(keys.me, me);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form onSubmit={submit} aria-labelledby="first-run-title" className="first-run">
        <h1 id="first-run-title">{t('firstRun.title')}</h1>
        <p className="muted">{t('firstRun.intro')}</p>
        <fieldset>
          <legend>{t('firstRun.provider')}</legend>
          <label>{t('firstRun.providerName')}<input required maxLength={120} autoComplete="organization" {...field('provider')} autoFocus /></label>
          <label>{t('firstRun.cnpj')}<input required maxLength={18} placeholder="00.000.000/0000-00" {...field('cnpj')} /></label>
          <label>{t('firstRun.city')}<input required maxLength={80} autoComplete="address-level2" {...field('city')} /></label>
        </fieldset>
        <fieldset>
          <legend>{t('firstRun.admin')}</legend>
          <label>{t('firstRun.adminName')}<input required maxLength={120} autoComplete="name" {...field('name')} /></label>
          <label>{t('login.email')}<input type="email" required maxLength={200} autoComplete="username" {...field('email')} /></label>
          <label>{t('login.password')}<input type="password" required minLength={MIN_PASSWORD} maxLength={200} autoComplete="new-password" {...field('password')} /></label>
          <label>{t('firstRun.confirm')}<input type="password" required minLength={MIN_PASSWORD} maxLength={200} autoComplete="new-password" {...field('confirm')} /></label>
          <p className="muted small">{t('firstRun.passwordHint', { min: MIN_PASSWORD })}</p>
        </fieldset>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('firstRun.submitting') : t('firstRun.submit')}</button>
      </form>
    </div>
  );
}
