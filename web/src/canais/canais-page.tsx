// Canais: the provider's WhatsApp numbers, Telegram bots and site chats, created and edited here.
// Secrets are write-only (blank keeps the saved one); what must be pasted elsewhere — Meta's callback
// URL and verify token, the widget's <script> line — has a copy button; "Testar conexão" asks the
// service now and says in Portuguese what it refused.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { ChannelSettings } from '../api/types';
import { errorText, t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { ActiveButton, AdminPageHead, EditButton, ListState, useRowAction } from '../ui/admin-page';
import { useToast } from '../ui/toast';

type Kind = ChannelSettings['kind'];
const KINDS: Kind[] = ['whatsapp', 'telegram', 'webchat'];
const settingsKey = [...keys.catalog('channels'), 'settings'] as const;

export function CanaisPage() {
  const channels = useQuery({ queryKey: settingsKey, queryFn: () => api.get<ChannelSettings[]>('/channel-settings') });
  const [editing, setEditing] = useState<ChannelSettings | Kind | null>(null);
  const [choosing, setChoosing] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  // The Chat's channel filter and "+" read the same channels.
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.catalog('channels') });

  const test = async (channel: ChannelSettings) => {
    try {
      toast((await api.post<{ summary: string }>(`/channel-settings/${channel.id}/test`)).summary);
    } catch (error) {
      toast(errorText(error));
    }
  };
  const run = useRowAction(refresh);
  const setActive = (channel: ChannelSettings, active: boolean) =>
    run(() => api.patch(`/channel-settings/${channel.id}`, { active }), t(active ? 'canais.reactivated' : 'canais.deactivated', { name: channel.name }));

  return (
    <section className="page" aria-labelledby="canais-title">
      <AdminPageHead id="canais-title" title={t('canais.title')} newLabel={t('canais.new')} onNew={() => setChoosing(true)} />
      <ListState query={channels} empty={t('canais.none')}>{(rows) => (
        <table className="table" aria-labelledby="canais-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('canais.kind')}</th>
              <th scope="col">{t('canais.details')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((channel) => (
              <tr key={channel.id} className={channel.active ? undefined : 'inactive'}>
                <td>{channel.name}</td>
                <td>{t(`canais.kind.${channel.kind}`)}</td>
                <td>{details(channel)}</td>
                <td>{channel.active ? t('admin.activeM') : t('admin.inactiveM')}</td>
                <td>
                  <div className="row-actions">
                    <EditButton name={channel.name} onClick={() => setEditing(channel)} />
                    <button type="button" aria-label={`${t('canais.test')} ${channel.name}`} onClick={() => test(channel)}>{t('canais.test')}</button>
                    <ActiveButton name={channel.name} active={channel.active} onChange={(active) => setActive(channel, active)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</ListState>
      {choosing && (
        <Dialog title={t('canais.new')} onClose={() => setChoosing(false)}>
          <div className="kind-choice">
            {KINDS.map((kind) => (
              <button key={kind} type="button" onClick={() => { setChoosing(false); setEditing(kind); }}>{t(`canais.kind.${kind}`)}</button>
            ))}
          </div>
        </Dialog>
      )}
      {editing && (
        <ChannelDialog
          key={typeof editing === 'string' ? editing : editing.id}
          channel={typeof editing === 'string' ? null : editing}
          kind={typeof editing === 'string' ? editing : editing.kind}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            refresh();
            toast(t('canais.saved', { name: saved.name }));
            // A new WhatsApp number or site chat stays open: its addresses are what to paste next.
            setEditing(created && saved.kind !== 'telegram' ? saved : null);
          }}
        />
      )}
    </section>
  );
}

function details(channel: ChannelSettings): string {
  if (channel.kind === 'whatsapp') return `${t('canais.phoneNumberId')}: ${channel.phoneNumberId}`;
  if (channel.kind === 'telegram') return channel.botUsername ? `@${channel.botUsername}` : '—';
  return channel.allowedOrigins.length > 0 ? channel.allowedOrigins.join(', ') : t('canais.anySite');
}

function ChannelDialog({ channel, kind, onClose, onSaved }: {
  channel: ChannelSettings | null; kind: Kind; onClose(): void; onSaved(saved: ChannelSettings, created: boolean): void;
}) {
  const [form, setForm] = useState({
    name: channel?.name ?? '',
    phoneNumberId: channel?.kind === 'whatsapp' ? channel.phoneNumberId : '',
    businessAccountId: channel?.kind === 'whatsapp' ? channel.businessAccountId ?? '' : '',
    accessToken: '', appSecret: '', botToken: '',
    color: channel?.kind === 'webchat' ? channel.color : '#0f766e',
    greeting: channel?.kind === 'webchat' ? channel.greeting : t('canais.defaultGreeting'),
    allowedOrigins: channel?.kind === 'webchat' ? channel.allowedOrigins.join('\n') : '',
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const fields = (): Record<string, unknown> => {
    const filled = (value: string) => (value.trim() ? value.trim() : undefined);
    if (kind === 'whatsapp') return { phoneNumberId: form.phoneNumberId.trim(), businessAccountId: filled(form.businessAccountId), accessToken: filled(form.accessToken), appSecret: filled(form.appSecret) };
    if (kind === 'telegram') return { botToken: filled(form.botToken) };
    return { color: form.color, greeting: form.greeting, allowedOrigins: form.allowedOrigins.split(/\s+/).filter(Boolean) };
  };
  const { busy, error, submit } = useSubmit(async () => {
    const saved = channel
      ? await api.patch<ChannelSettings>(`/channel-settings/${channel.id}`, { name: form.name, ...fields() })
      : await api.post<ChannelSettings>('/channel-settings', { kind, name: form.name, ...fields() });
    onSaved(saved, !channel);
  }, () => {});
  const secretHint = (set: boolean) => (channel && set ? t('canais.secretKept') : undefined);

  return (
    <Dialog title={channel ? t('canais.editKind', { kind: t(`canais.kind.${kind}`) }) : t('canais.newKind', { kind: t(`canais.kind.${kind}`) })} onClose={onClose} wide>
      <form onSubmit={submit}>
        <label>{t('admin.name')}<input required autoFocus maxLength={60} value={form.name} onChange={set('name')} /></label>
        {kind === 'whatsapp' && (
          <>
            <label>{t('canais.phoneNumberId')}<input required inputMode="numeric" value={form.phoneNumberId} onChange={set('phoneNumberId')} /></label>
            <label>{t('canais.businessAccountId')}<input inputMode="numeric" value={form.businessAccountId} onChange={set('businessAccountId')} /></label>
            <label>
              {t('canais.accessToken')}
              <input type="password" autoComplete="off" required={!channel} placeholder={secretHint(channel?.kind === 'whatsapp' && channel.accessTokenSet)} value={form.accessToken} onChange={set('accessToken')} />
            </label>
            <label>
              {t('canais.appSecret')}
              <input type="password" autoComplete="off" required={!channel} placeholder={secretHint(channel?.kind === 'whatsapp' && channel.appSecretSet)} value={form.appSecret} onChange={set('appSecret')} />
            </label>
            {channel?.kind === 'whatsapp' && (
              <>
                <p className="muted small">{t('canais.metaHint')}</p>
                <CopyField label={t('canais.callbackUrl')} value={channel.callbackUrl} />
                <CopyField label={t('canais.verifyToken')} value={channel.verifyToken} />
                <Templates channel={channel} />
              </>
            )}
          </>
        )}
        {kind === 'telegram' && (
          <>
            <label>
              {t('canais.botToken')}
              <input type="password" autoComplete="off" required={!channel} placeholder={secretHint(channel?.kind === 'telegram' && channel.botTokenSet)} value={form.botToken} onChange={set('botToken')} />
            </label>
            <p className="muted small">{t('canais.telegramHint')}</p>
            {channel?.kind === 'telegram' && (
              <p>{channel.botUsername ? t('canais.botIs', { username: channel.botUsername }) : null} {t('canais.webhookAt', { url: channel.webhookUrl })}</p>
            )}
          </>
        )}
        {kind === 'webchat' && (
          <>
            <div className="color-field">
              <label>{t('canais.color')}<input type="color" value={form.color} onChange={set('color')} /></label>
            </div>
            <label>{t('canais.greeting')}<input required maxLength={300} value={form.greeting} onChange={set('greeting')} /></label>
            <label>
              {t('canais.allowedOrigins')}
              <textarea rows={3} placeholder="https://www.seuprovedor.com.br" value={form.allowedOrigins} onChange={set('allowedOrigins')} />
            </label>
            <p className="muted small">{t('canais.allowedOriginsHint')}</p>
            {channel?.kind === 'webchat' && <CopyField label={t('canais.script')} value={channel.script} />}
          </>
        )}
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

type Synced = { templates: Extract<ChannelSettings, { kind: 'whatsapp' }>['templates']; skipped: { name: string; language: string; reason: string }[] };

/** The number's approved templates, and "Buscar modelos aprovados" asking Meta for the account's list now. */
function Templates({ channel }: { channel: Extract<ChannelSettings, { kind: 'whatsapp' }> }) {
  const [synced, setSynced] = useState<Synced | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const templates = synced?.templates ?? channel.templates;
  const fetchTemplates = async () => {
    setBusy(true);
    setError(null);
    try {
      setSynced(await api.post<Synced>(`/channel-settings/${channel.id}/templates`));
      await queryClient.invalidateQueries({ queryKey: settingsKey });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label={t('canais.templates')}>
      <h3 className="small-title">{t('canais.templates')}</h3>
      <p className="muted small">{t('canais.templatesHint')}</p>
      <button type="button" disabled={busy} onClick={fetchTemplates}>{t('canais.fetchTemplates')}</button>
      <ErrorLine error={error} />
      {synced && <p role="status" className="small">{t('canais.templatesFetched', { kept: synced.templates.length, skipped: synced.skipped.length })}</p>}
      {templates.length === 0 ? <p className="muted small">{t('canais.noTemplates')}</p> : (
        <ul className="templates">
          {templates.map((tpl) => <li key={`${tpl.name}:${tpl.language}`}><code>{tpl.name}</code> ({tpl.language}): {tpl.body}</li>)}
        </ul>
      )}
      {synced && synced.skipped.length > 0 && (
        <details>
          <summary className="small">{t('canais.templatesSkipped')}</summary>
          <ul className="templates">
            {synced.skipped.map((s) => <li key={`${s.name}:${s.language}`}><code>{s.name}</code> ({s.language}): {s.reason}</li>)}
          </ul>
        </details>
      )}
    </section>
  );
}

/** A value to paste elsewhere: shown read-only, with a button that copies it. */
function CopyField({ label, value }: { label: string; value: string }) {
  const toast = useToast();
  const copy = () => navigator.clipboard.writeText(value).then(() => toast(t('canais.copied', { what: label })), () => toast(t('canais.copyFailed')));
  return (
    <div className="copy-field">
      <label>{label}<input readOnly value={value} onFocus={(e) => e.target.select()} /></label>
      <button type="button" aria-label={`${t('canais.copy')} ${label}`} onClick={copy}>{t('canais.copy')}</button>
    </div>
  );
}
