// "+": Nova conversa — an existing contact or a new name and number, a channel, a sector and the
// first message; Confirmar opens it in Abertos. On WhatsApp, a contact who has not written in the
// last 24 hours can only receive an approved template: the dialog offers those instead of free text.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../api/client';
import { keys, useChannels, useSectors } from '../api/queries';
import type { Contact, ConversationSummary, Me } from '../api/types';
import { errorText, t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { TemplateFields, type TemplateChoice, type TemplatesInfo } from './template-picker';
import { formatPhone } from '../../../api/phone';

export function NewConversationDialog({ me, onClose, onCreated }: { me: Me; onClose(): void; onCreated(id: number): void }) {
  const queryClient = useQueryClient();
  const channels = useChannels();
  const sectors = useSectors();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [search, setSearch] = useState('');
  const [contact, setContact] = useState<Contact | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [channelId, setChannelId] = useState('');
  const mySectors = (sectors.data ?? []).filter((s) => s.active && s.attends && (me.user.role !== 'atendente' || me.user.sectorIds.includes(s.id)));
  const [sectorId, setSectorId] = useState('');
  const [body, setBody] = useState('');
  const [choice, setChoice] = useState<TemplateChoice>({ name: '', params: [] });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const found = useQuery({
    queryKey: ['contacts', search],
    queryFn: () => api.get<Contact[]>(`/contacts${query({ q: search })}`),
    enabled: mode === 'existing' && search.trim().length >= 2,
  });

  const channel = channelId || channels.data?.find((c) => c.kind === 'whatsapp')?.id || channels.data?.[0]?.id || '';
  const sector = sectorId || String(mySectors.find((s) => s.isDefault)?.id ?? mySectors[0]?.id ?? '');
  const whatsapp = channels.data?.find((c) => c.id === channel)?.kind === 'whatsapp';
  const knownContact = mode === 'existing' ? contact?.id : undefined;
  const windowInfo = useQuery({
    queryKey: ['channel-templates', channel, knownContact ?? null],
    queryFn: () => api.get<TemplatesInfo>(`/channels/${channel}/templates${query({ contactId: knownContact })}`),
    enabled: whatsapp,
  });
  const templateOnly = whatsapp && windowInfo.data?.windowOpen === false;

  const confirm = async (event: React.FormEvent) => {
    event.preventDefault();
    if (mode === 'existing' && !contact) return setError(t('new.pickContact'));
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<{ conversation: ConversationSummary }>('/conversations', {
        contact: mode === 'existing' ? { id: contact!.id } : { name, phone },
        channelId: channel,
        sectorId: Number(sector),
        ...(templateOnly ? { templateName: choice.name, params: choice.params } : { body }),
      });
      queryClient.invalidateQueries({ queryKey: keys.conversations });
      onCreated(created.conversation.id);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('new.title')} onClose={onClose}>
      <form onSubmit={confirm}>
        <div className="segmented" role="radiogroup" aria-label={t('message.contact')}>
          <label><input type="radio" name="mode" checked={mode === 'existing'} onChange={() => setMode('existing')} /> {t('new.existing')}</label>
          <label><input type="radio" name="mode" checked={mode === 'new'} onChange={() => setMode('new')} /> {t('new.newContact')}</label>
        </div>
        {mode === 'existing' ? (
          <>
            <label>
              {t('new.searchContact')}
              <input type="search" value={search} onChange={(e) => { setSearch(e.target.value); setContact(null); }} placeholder={t('list.search')} autoFocus />
            </label>
            {contact ? (
              <p className="picked">{contact.name} {contact.phone && <span className="muted">· {formatPhone(contact.phone)}</span>}</p>
            ) : (
              (found.data ?? []).length > 0 && (
                <ul className="pick-list" aria-label={t('new.searchContact')}>
                  {found.data!.map((x) => (
                    <li key={x.id}><button type="button" onClick={() => setContact(x)}>{x.name} {x.phone && <span className="muted">· {formatPhone(x.phone)}</span>}</button></li>
                  ))}
                </ul>
              )
            )}
          </>
        ) : (
          <>
            <label>{t('new.name')}<input required value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoFocus /></label>
            <label>{t('new.phone')}<input required value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" placeholder="(11) 98765-4321" /></label>
          </>
        )}
        <label>
          {t('new.channel')}
          <select value={channel} onChange={(e) => setChannelId(e.target.value)}>
            {(channels.data ?? []).filter((c) => c.active).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          {t('new.sector')}
          <select value={sector} onChange={(e) => setSectorId(e.target.value)}>
            {mySectors.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        {templateOnly ? (
          <>
            <p className="muted small">{t('new.templateOnly')}</p>
            {windowInfo.data!.templates.length === 0
              ? <p role="alert" className="error">{t('composer.noTemplates')}</p>
              : <TemplateFields templates={windowInfo.data!.templates} value={choice} onChange={setChoice} />}
          </>
        ) : whatsapp && !windowInfo.data ? (
          // Whether free text may go depends on WhatsApp's window: asked first, so a typed message is never lost to a template.
          <p className="muted small">{windowInfo.isError ? errorText(windowInfo.error) : t('common.loading')}</p>
        ) : (
          <label>{t('new.message')}<textarea required value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={4096} /></label>
        )}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy || (whatsapp && !windowInfo.data) || (templateOnly && !choice.name)}>{t('new.confirm')}</button>
        </div>
      </form>
    </Dialog>
  );
}
