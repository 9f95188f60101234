// What every Administração screen shares: its title with the "Novo..." button and the search, the
// list's loading, error and empty states, each row's Editar and Desativar/Reativar buttons (named
// after the row for screen readers), and an action that says how it went and refreshes the list.
import type { ReactNode } from 'react';
import { errorText, t } from '../i18n';
import { ErrorLine } from './form';
import { useToast } from './toast';

export function AdminPageHead({ id, title, newLabel, onNew, search, children }: {
  id: string; title: string; newLabel: string; onNew(): void;
  search?: { label: string; value: string; onChange(value: string): void };
  children?: ReactNode;
}) {
  return (
    <>
      <div className="page-head">
        <h1 id={id}>{title}</h1>
        <button type="button" className="primary" onClick={onNew}>{newLabel}</button>
      </div>
      {children}
      {search && (
        <input
          type="search" className="page-search" aria-label={search.label} placeholder={search.label}
          value={search.value} onChange={(e) => search.onChange(e.target.value)}
        />
      )}
    </>
  );
}

/** The list once it is there: "Carregando…", the server's error, "Nada encontrado." or the rows. */
export function ListState<T>({ query, empty, children }: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: T[] };
  empty?: string;
  children(rows: T[]): ReactNode;
}) {
  if (query.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (query.isError || !query.data) return <ErrorLine error={errorText(query.error)} />;
  if (query.data.length === 0) return <p className="muted">{empty ?? t('admin.none')}</p>;
  return <>{children(query.data)}</>;
}

export function EditButton({ name, onClick }: { name: string; onClick(): void }) {
  return <button type="button" aria-label={`${t('admin.edit')} ${name}`} onClick={onClick}>{t('admin.edit')}</button>;
}

export function ActiveButton({ name, active, onChange }: { name: string; active: boolean; onChange(active: boolean): void }) {
  const label = t(active ? 'admin.deactivate' : 'admin.reactivate');
  return <button type="button" aria-label={`${label} ${name}`} onClick={() => onChange(!active)}>{label}</button>;
}

/** Runs a row's action, then says it was done (or the server's reason it was not) and refreshes. */
export function useRowAction(refresh: () => unknown) {
  const toast = useToast();
  return async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      toast(done);
    } catch (error) {
      toast(errorText(error));
    }
    refresh();
  };
}
