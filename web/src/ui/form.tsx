// What every form in a dialog shares: submitting with a busy state and the server's error in words
// (and, when it names fields, each field's problem), the Cancelar / confirm buttons, and the error line.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { errorText, t } from '../i18n';

export function useSubmit(action: () => Promise<unknown>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await action();
      onDone();
    } catch (e) {
      setError(errorText(e));
      setFields(fieldsOf(e));
    } finally {
      // A page's form stays on screen after saving, ready to save again (a dialog has closed by now).
      setBusy(false);
    }
  };
  return { busy, error, fields, submit };
}

/** The server's problem with each field, by its path in the body (options.1.sectorId). */
function fieldsOf(error: unknown): Record<string, string> {
  const fields = error instanceof ApiError ? error.details?.fields : undefined;
  return fields && typeof fields === 'object' ? (fields as Record<string, string>) : {};
}

/** A field's problem, beside it; the field points at it with aria-describedby. */
export const FieldError = ({ id, error }: { id: string; error?: string }): ReactNode =>
  (error ? <p id={id} className="error small field-error">{error}</p> : null);

export function Actions({ busy, label, onCancel, danger }: { busy: boolean; label: string; onCancel(): void; danger?: boolean }) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>{label}</button>
    </div>
  );
}

export const ErrorLine = ({ error }: { error: string | null }): ReactNode => (error ? <p role="alert" className="error">{error}</p> : null);
