// The pop-ups of the conversation menu: Fechar conversa (asks the motivo), Transferir (asks before
// the Responsável changes), Editar conversa, Editar contato, Bloquear contato, Enviar mensagem rápida.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { motivoAppliesTo } from '../../../api/motivos';
import { api, query } from '../api/client';
import { useMotivos, useQuickReplies, useSectors, useUsers } from '../api/queries';
import type { ClientRef, ConversationDetail, Tab } from '../api/types';
import { errorText, formatTaxId, t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { Actions, ErrorLine, useSubmit } from '../ui/form';
import { formatPhone } from '../../../api/phone';

export function CloseDialog({ conversation, onClose, onDone }: { conversation: ConversationDetail; onClose(): void; onDone(): void }) {
  const motivos = useMotivos();
  // The motivo set in the menu comes chosen, even when it lands after the pop-up opened; the agent's own pick wins.
  const [picked, setMotivoId] = useState<string | null>(null);
  const motivoId = picked ?? (conversation.motivo?.id ? String(conversation.motivo.id) : '');
  const { busy, error, submit } = useSubmit(
    () => api.post(`/conversations/${conversation.id}/close`, { motivoId: Number(motivoId) }),
    onDone,
  );
  const options = (motivos.data ?? []).filter((m) => m.active && motivoAppliesTo(m, conversation.sector?.id ?? null));
  return (
    <Dialog title={t('close.title')} description={t('close.explain')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          {t('close.motivo')}
          <select required value={motivoId} onChange={(e) => setMotivoId(e.target.value)} autoFocus>
            <option value="">{t('conversa.none')}</option>
            {options.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </label>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('close.confirm')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function TransferDialog({ conversation, to, onClose, onDone }: {
  conversation: ConversationDetail; to: { id: number; name: string }; onClose(): void; onDone(): void;
}) {
  const { busy, error, submit } = useSubmit(() => api.post(`/conversations/${conversation.id}/transfer`, { toUserId: to.id }), onDone);
  return (
    <Dialog title={t('transfer.title', { name: to.name })} description={t('transfer.explain', { name: to.name, contact: conversation.contact.name })} onClose={onClose}>
      <form onSubmit={submit}>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('transfer.confirm')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function EditConversationDialog({ conversation: c, onClose, onDone }: {
  conversation: ConversationDetail; onClose(): void; onDone(tab: Tab): void;
}) {
  const sectors = useSectors();
  const motivos = useMotivos();
  const users = useUsers();
  const [clientQuery, setClientQuery] = useState('');
  const [client, setClient] = useState<ClientRef | null>(c.client);
  const [sectorId, setSectorId] = useState(String(c.sector?.id ?? ''));
  const [motivoId, setMotivoId] = useState(String(c.motivo?.id ?? ''));
  const [responsavelId, setResponsavelId] = useState(String(c.responsavel?.id ?? ''));
  const [situacao, setSituacao] = useState<string>(c.situacao);
  const clients = useQuery({
    queryKey: ['clients', clientQuery],
    queryFn: () => api.get<ClientRef[]>(`/clients${query({ q: clientQuery })}`),
    enabled: clientQuery.trim().length >= 2,
  });

  const changes: Record<string, unknown> = {};
  if ((client?.ref ?? null) !== (c.client?.ref ?? null)) changes.clientRef = client?.ref ?? null;
  if (sectorId && Number(sectorId) !== c.sector?.id) changes.sectorId = Number(sectorId);
  if (motivoId && Number(motivoId) !== c.motivo?.id) changes.motivoId = Number(motivoId);
  if (responsavelId && Number(responsavelId) !== c.responsavel?.id) changes.responsavelId = Number(responsavelId);
  if (situacao !== c.situacao) changes.situacao = situacao;

  const tabOf = (s: string): Tab => (s === 'finalizada' ? 'fechados' : s === 'chat' ? 'abertos' : 'fila');
  const { busy, error, submit } = useSubmit(
    () => (Object.keys(changes).length ? api.patch(`/conversations/${c.id}`, changes) : Promise.resolve()),
    () => onDone(tabOf(situacao)),
  );
  const agents = (users.data ?? []).filter((u) => u.active && (u.role !== 'atendente' || u.sectorIds.includes(Number(sectorId))));

  return (
    <Dialog title={t('edit.title')} onClose={onClose}>
      <form onSubmit={submit} className="form-grid">
        <fieldset>
          <legend>{t('edit.client')}</legend>
          <p className="muted small">{client ? `${client.name}${client.document ? ` · ${formatTaxId(client.document)}` : ''}` : t('edit.clientNone')}</p>
          <input type="search" aria-label={t('edit.clientSearch')} placeholder={t('edit.clientSearch')} value={clientQuery} onChange={(e) => setClientQuery(e.target.value)} />
          {(clients.data ?? []).length > 0 && (
            <ul className="pick-list" aria-label={t('edit.client')}>
              {clients.data!.map((x) => (
                <li key={x.ref}>
                  <button type="button" onClick={() => { setClient(x); setClientQuery(''); }}>
                    {x.name}{x.document ? ` · ${formatTaxId(x.document)}` : ''}
                    {x.address && <span className="muted small block">{x.address}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {clients.isSuccess && clients.data.length === 0 && <p className="muted small">{t('edit.clientNotFound')}</p>}
          {clients.isError && <ErrorLine error={errorText(clients.error)} />}
        </fieldset>
        <label>
          {t('conversa.setor')}
          <select value={sectorId} onChange={(e) => setSectorId(e.target.value)}>
            {!c.sector && <option value="">—</option>}
            {(sectors.data ?? []).filter((s) => s.active && s.attends).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label>
          {t('conversa.motivo')}
          <select value={motivoId} onChange={(e) => setMotivoId(e.target.value)}>
            <option value="">{t('conversa.none')}</option>
            {(motivos.data ?? []).filter((m) => m.active && motivoAppliesTo(m, sectorId ? Number(sectorId) : null)).map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </label>
        <label>
          {t('list.filter.atendente')}
          <select value={responsavelId} onChange={(e) => setResponsavelId(e.target.value)}>
            <option value="">{t('conversa.none')}</option>
            {agents.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
        <label>
          {t('conversa.situacao')}
          <select value={situacao} onChange={(e) => setSituacao(e.target.value)}>
            {(['bot', 'fila', 'chat', 'finalizada'] as const).map((s) => <option key={s} value={s}>{t(`situacao.${s}`)}</option>)}
          </select>
        </label>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('edit.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function EditContactDialog({ conversation, onClose, onDone }: { conversation: ConversationDetail; onClose(): void; onDone(): void }) {
  const contact = conversation.contactDetails;
  const [name, setName] = useState(contact.name);
  const [phone, setPhone] = useState(contact.phone ? formatPhone(contact.phone) : '');
  const [email, setEmail] = useState(contact.email ?? '');
  const { busy, error, submit } = useSubmit(
    () => api.patch(`/contacts/${contact.id}`, { name, phone: phone.trim() || null, email: email.trim() || null }),
    onDone,
  );
  return (
    <Dialog title={t('contactEdit.title')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>{t('contato.name')}<input required value={name} onChange={(e) => setName(e.target.value)} maxLength={120} /></label>
        <label>{t('contato.phone')}<input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" /></label>
        <label>{t('contato.email')}<input type="email" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function BlockDialog({ conversation, onClose, onDone }: { conversation: ConversationDetail; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit(
    () => api.post(`/contacts/${conversation.contact.id}/block`, { reason: reason.trim() || undefined, conversationId: conversation.id }),
    onDone,
  );
  return (
    <Dialog title={t('block.title')} description={t('block.explain', { name: conversation.contact.name })} onClose={onClose}>
      <form onSubmit={submit}>
        <label>{t('block.reason')}<input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} /></label>
        <ErrorLine error={error} />
        <Actions busy={busy} label={t('block.confirm')} onCancel={onClose} danger />
      </form>
    </Dialog>
  );
}

export function QuickReplyDialog({ conversation, onClose, onDone }: { conversation: ConversationDetail; onClose(): void; onDone(): void }) {
  const replies = useQuickReplies();
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [filter]);
  const list = (replies.data ?? []).filter((q) => q.active && `${q.shortcut} ${q.title} ${q.body}`.toLowerCase().includes(filter.toLowerCase()));
  const send = async (id: number) => {
    try {
      await api.post(`/conversations/${conversation.id}/messages`, { kind: 'quick_reply', quickReplyId: id });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog title={t('quick.title')} onClose={onClose}>
      <input type="search" autoFocus aria-label={t('quick.search')} placeholder={t('quick.search')} value={filter} onChange={(e) => setFilter(e.target.value)} />
      <ul className="pick-list quick-replies" aria-label={t('composer.quickReplies')}>
        {list.map((q) => (
          <li key={q.id}>
            <button type="button" onClick={() => send(q.id)}>
              <strong>/{q.shortcut} · {q.title}</strong>
              <span className="muted small block">{q.body}</span>
            </button>
          </li>
        ))}
      </ul>
      <ErrorLine error={error} />
    </Dialog>
  );
}
