// Respostas Rápidas: the texts agents send with "/" in the composer or Enviar mensagem rápida, with
// variables filled in for the conversation, and an optional attachment the text goes with as caption.
// Administrators write them for everyone or for one sector; everyone writes personal ones, which only
// they see and use. Search, create, edit, deactivate and reactivate.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useRef, useState } from 'react';
import { QUICK_REPLY_VARIABLES, unknownVariables } from '../../../api/quick-replies';
import { api, query, uploadFile } from '../api/client';
import { keys, useMe, useSectors } from '../api/queries';
import type { FileView, QuickReply, Sector } from '../api/types';
import { errorText, formatSize, t } from '../i18n';
import type { MessageKey } from '../i18n/pt-BR';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { ActiveButton, AdminPageHead, EditButton, ListState, useRowAction } from '../ui/admin-page';
import { FileIcon } from '../ui/icons';
import { useToast } from '../ui/toast';

export function RespostasRapidasPage() {
  const [q, setQ] = useState('');
  const search = useDeferredValue(q.trim());
  const replies = useQuery({
    queryKey: [...keys.catalog('quick-replies'), 'editable', search],
    queryFn: () => api.get<QuickReply[]>(`/quick-replies/editable${query({ q: search })}`),
    placeholderData: keepPreviousData,
  });
  const sectors = useSectors();
  const isAdmin = useMe().data?.user.role === 'administrador';
  const [editing, setEditing] = useState<QuickReply | 'new' | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  // The composer's "/" and Enviar mensagem rápida read the same list: they see the change too.
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.catalog('quick-replies') });
  const audience = (reply: QuickReply) =>
    reply.personal ? t('respostas.personal') : reply.sectorId === null ? t('respostas.everyone')
      : sectors.data?.find((s) => s.id === reply.sectorId)?.name ?? `#${reply.sectorId}`;

  const run = useRowAction(refresh);
  const setActive = (reply: QuickReply, active: boolean) =>
    run(() => api.patch<QuickReply>(`/quick-replies/${reply.id}`, { active }), t(active ? 'respostas.reactivated' : 'respostas.deactivated', { name: `/${reply.shortcut}` }));

  return (
    <section className="page" aria-labelledby="respostas-title">
      <AdminPageHead
        id="respostas-title" title={t('respostas.title')} newLabel={t('respostas.new')} onNew={() => setEditing('new')}
        search={{ label: t('respostas.search'), value: q, onChange: setQ }}
      >
        {!isAdmin && <p className="muted">{t('respostas.onlyPersonal')}</p>}
      </AdminPageHead>
      <ListState query={replies}>{(rows) => (
        <table className="table" aria-labelledby="respostas-title">
          <thead>
            <tr>
              <th scope="col">{t('respostas.shortcut')}</th>
              <th scope="col">{t('respostas.titleField')}</th>
              <th scope="col">{t('respostas.body')}</th>
              <th scope="col">{t('respostas.audience')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((reply) => (
              <tr key={reply.id} className={reply.active ? undefined : 'inactive'}>
                <td><code>/{reply.shortcut}</code></td>
                <td>{reply.title}</td>
                <td className="reply-body">
                  {reply.body}
                  {reply.file && (
                    <span className="reply-attachment muted small" title={t('respostas.hasAttachment', { name: reply.file.filename })}>
                      <FileIcon /> {reply.file.filename}
                    </span>
                  )}
                </td>
                <td>{audience(reply)}</td>
                <td>{reply.active ? t('admin.active') : t('admin.inactive')}</td>
                <td>
                  <div className="row-actions">
                    <EditButton name={`/${reply.shortcut}`} onClick={() => setEditing(reply)} />
                    <ActiveButton name={`/${reply.shortcut}`} active={reply.active} onChange={(active) => setActive(reply, active)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</ListState>
      {editing && (
        <QuickReplyDialog
          reply={editing === 'new' ? null : editing}
          isAdmin={isAdmin}
          sectors={sectors.data ?? []}
          onClose={() => setEditing(null)}
          onDone={(name) => { setEditing(null); toast(t('respostas.saved', { name })); refresh(); }}
        />
      )}
    </section>
  );
}

/** "todos", "pessoal" or a sector's id, in the Para quem select. */
const audienceOf = (reply: QuickReply | null, isAdmin: boolean) =>
  !reply ? (isAdmin ? 'todos' : 'pessoal') : reply.personal ? 'pessoal' : reply.sectorId === null ? 'todos' : String(reply.sectorId);

function QuickReplyDialog({ reply, isAdmin, sectors, onClose, onDone }: {
  reply: QuickReply | null; isAdmin: boolean; sectors: Sector[]; onClose(): void; onDone(name: string): void;
}) {
  const [shortcut, setShortcut] = useState(reply ? `/${reply.shortcut}` : '/');
  const [title, setTitle] = useState(reply?.title ?? '');
  const [text, setText] = useState(reply?.body ?? '');
  const [audience, setAudience] = useState(audienceOf(reply, isAdmin));
  const [file, setFile] = useState<FileView | null>(reply?.file ?? null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const unknown = unknownVariables(text);
  const body = {
    shortcut, title, body: text, fileId: file?.id ?? null,
    personal: audience === 'pessoal',
    ...(audience === 'pessoal' ? {} : { sectorId: audience === 'todos' ? null : Number(audience) }),
  };
  const { busy, error, submit } = useSubmit(
    () => (reply ? api.patch(`/quick-replies/${reply.id}`, body) : api.post('/quick-replies', body)),
    () => onDone(`/${shortcut.trim().replace(/^\//, '').toLowerCase()}`),
  );
  const insert = (variable: string) => {
    const el = textArea.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const value = `{{${variable}}}`;
    setText(text.slice(0, start) + value + text.slice(end));
    requestAnimationFrame(() => { el?.focus(); el?.setSelectionRange(start + value.length, start + value.length); });
  };
  // Uploaded at once, so that saving sends only its id.
  const attach = async (chosen: File | undefined) => {
    if (!chosen) return;
    setUploading(true);
    setUploadError(null);
    try {
      setFile(await uploadFile(chosen));
    } catch (e) {
      setUploadError(errorText(e));
    } finally {
      setUploading(false);
    }
  };
  // An inactive sector stays offered while the reply is still for it, so that saving does not move it silently.
  const offered = sectors.filter((s) => s.active || String(s.id) === audience);
  return (
    <Dialog title={reply ? t('respostas.edit') : t('respostas.new')} onClose={onClose} wide>
      <form onSubmit={submit}>
        <div className="form-row">
          <label>{t('respostas.shortcut')}<input required autoFocus maxLength={41} value={shortcut} onChange={(e) => setShortcut(e.target.value)} /></label>
          <label>{t('respostas.titleField')}<input required maxLength={80} value={title} onChange={(e) => setTitle(e.target.value)} /></label>
          {isAdmin ? (
            <label>{t('respostas.audience')}
              <select value={audience} onChange={(e) => setAudience(e.target.value)}>
                <option value="todos">{t('respostas.everyone')}</option>
                {offered.map((s) => <option key={s.id} value={s.id}>{t('respostas.sector', { name: s.name })}</option>)}
                <option value="pessoal">{t('respostas.personalOption')}</option>
              </select>
            </label>
          ) : null}
        </div>
        <p className="muted small">{t('respostas.shortcutHint')} {isAdmin ? '' : t('respostas.personalHint')}</p>
        <label>{t('respostas.body')}<textarea ref={textArea} required rows={5} maxLength={4096} value={text} onChange={(e) => setText(e.target.value)} /></label>
        <fieldset>
          <legend>{t('respostas.variables')}</legend>
          <ul className="variables">
            {QUICK_REPLY_VARIABLES.map((variable) => (
              <li key={variable}>
                <button type="button" className="link" aria-label={t('respostas.insertVariable', { name: variable })} onClick={() => insert(variable)}>
                  <code>{`{{${variable}}}`}</code>
                </button>
                <span className="muted small">{t(`respostas.var.${variable}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        </fieldset>
        {unknown.length > 0 && <p className="error small" role="status">{t('respostas.unknownVariables', { names: unknown.join(', ') })}</p>}
        <fieldset>
          <legend>{t('respostas.attachment')}</legend>
          {file ? (
            <p className="attachment-chip">
              <FileIcon /> <span>{file.filename}</span> <span className="muted small">{formatSize(file.size)}</span>
              <button type="button" className="icon-button" aria-label={t('respostas.removeAttachment')} title={t('respostas.removeAttachment')} onClick={() => setFile(null)}>✕</button>
            </p>
          ) : (
            <input type="file" aria-label={t('respostas.attachment')} disabled={uploading} onChange={(e) => { attach(e.target.files?.[0]); e.target.value = ''; }} />
          )}
          <p className="muted small">{uploading ? t('respostas.uploading') : t('respostas.attachmentHint')}</p>
          <ErrorLine error={uploadError} />
        </fieldset>
        <ErrorLine error={error} />
        <Actions busy={busy || uploading} label={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
