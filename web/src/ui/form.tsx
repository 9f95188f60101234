// What every form in a dialog shares: submitting with a busy state and the server's error in words,
// the Cancelar / confirm buttons, and the error line.
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorText, t } from '../i18n';

export function useSubmit(action: () => Promise<unknown>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

export function Actions({ busy, label, onCancel, danger }: { busy: boolean; label: string; onCancel(): void; danger?: boolean }) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>{label}</button>
    </div>
  );
}

export const ErrorLine = ({ error }: { error: string | null }): ReactNode => (error ? <p role="alert" className="error">{error}</p> : null);
