// The provider's side of the conversation menu: Contratos (from the ERP, now), Enviar boleto,
// Enviar notas fiscais, Conceder bônus and Novo atendimento.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ClientAccountShape, NotaShape } from '../../../api/shapes';
import { api } from '../api/client';
import { keys, useMessages } from '../api/queries';
import type { ConversationDetail, Message } from '../api/types';
import { errorText, formatAccessKey, formatBRL, formatDay, formatTaxId, t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { useToast } from '../ui/toast';
import { statusLabel } from './contract-status';

type Account = z.infer<typeof ClientAccountShape>;
type Nota = z.infer<typeof NotaShape>;
type Contract = Account['contracts'][number];

const accountKey = (id: number) => ['account', id] as const;

/** The linked client's account, asked of the ERP when shown (never an endless spinner: it answers or fails in 5 s). */
export const useAccount = (conversationId: number) =>
  useQuery({ queryKey: accountKey(conversationId), queryFn: () => api.get<Account>(`/conversations/${conversationId}/account`), retry: false });

function Loading({ state, children }: { state: { isPending: boolean; error: unknown; refetch(): unknown }; children: () => ReactNode }) {
  if (state.isPending) return <p className="muted">{t('isp.loading')}</p>;
  if (state.error) {
    return (
      <div role="alert" className="error">
        <p>{errorText(state.error)}</p>
        <button type="button" onClick={() => state.refetch()}>{t('isp.retry')}</button>
      </div>
    );
  }
  return <>{children()}</>;
}

const speeds = (c: Contract) => (c.downloadMbps ? t('isp.speeds', { down: c.downloadMbps, up: c.uploadMbps ?? '—' }) : null);

export function ContractsView({ conversation }: { conversation: ConversationDetail }) {
  const account = useAccount(conversation.id);
  return (
    <Loading state={account}>
      {() => {
        const { client, contracts, charges } = account.data!;
        return (
          <div className="contracts">
            <p>
              <strong>{client.name}</strong>
              {client.document && <span className="muted"> · {t('contratos.document')} {formatTaxId(client.document)}</span>}
            </p>
            {contracts.map((c) => (
              <dl key={c.id} className={`contract ${['bloqueado_manual', 'bloqueado_atraso', 'suspenso'].includes(c.status) ? 'blocked' : c.status === 'ativo' ? 'active' : ''}`}>
                <dt>{t('contratos.plan')}</dt><dd>{c.plan}{speeds(c) && <span className="muted"> · {speeds(c)}</span>}</dd>
                <dt>{t('contratos.status')}</dt>
                <dd>
                  {statusLabel(c.status)}
                  {c.trustUnlockUntil && Date.parse(c.trustUnlockUntil) > Date.now() && (
                    <span className="muted"> · {t('isp.trustUntil', { day: formatDay(c.trustUnlockUntil) })}</span>
                  )}
                </dd>
                {c.monthlyPriceCents !== null && (<><dt>{t('isp.price')}</dt><dd>{formatBRL(c.monthlyPriceCents)}</dd></>)}
                {c.address && (<><dt>{t('contratos.address')}</dt><dd>{c.address}</dd></>)}
                {c.dueDay && (<><dt>{t('contratos.dueDay')}</dt><dd>{t('contratos.dueDayValue', { day: c.dueDay })}</dd></>)}
                {c.pppoeLogin && (<><dt>{t('isp.pppoe')}</dt><dd>{c.pppoeLogin}</dd></>)}
              </dl>
            ))}
            <h4>{t('isp.openCharges')}</h4>
            {charges.length === 0 ? <p className="muted">{t('isp.noCharges')}</p> : (
              <ul className="charges">
                {charges.map((c) => <li key={c.ref}><ChargeLine charge={c} /></li>)}
              </ul>
            )}
          </div>
        );
      }}
    </Loading>
  );
}

function ChargeLine({ charge }: { charge: Account['charges'][number] }) {
  return (
    <span>
      {t('isp.dueOn', { day: formatDay(charge.dueDate) })} · {formatBRL(charge.amountCents)} · {t(charge.status === 'vencido' ? 'isp.overdue' : 'isp.open')}
      {charge.amountDueTodayCents !== charge.amountCents && (
        <strong> · {t('isp.dueToday', { amount: formatBRL(charge.amountDueTodayCents) })}</strong>
      )}
    </span>
  );
}

/** Sends, then refreshes what the action changed; a refusal stays in the dialog, in Portuguese. */
function useAction(conversationId: number, onDone: () => void) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      queryClient.invalidateQueries({ queryKey: keys.conversation(conversationId) });
      queryClient.invalidateQueries({ queryKey: keys.messages(conversationId) });
      queryClient.invalidateQueries({ queryKey: accountKey(conversationId) });
      onDone();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function Footer({ busy, label, onCancel, disabled }: { busy: boolean; label: string; onCancel(): void; disabled?: boolean }) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      <button type="submit" className="primary" disabled={busy || disabled}>{label}</button>
    </div>
  );
}

const ErrorLine = ({ error }: { error: string | null }) => (error ? <p role="alert" className="error">{error}</p> : null);

interface DialogProps { conversation: ConversationDetail; onClose(): void }

export function BoletoDialog({ conversation, onClose }: DialogProps) {
  const account = useAccount(conversation.id);
  const [picked, setPicked] = useState<string[]>([]);
  const toast = useToast();
  const { busy, error, run } = useAction(conversation.id, () => { toast(t('isp.boletoSent')); onClose(); });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() => api.post<{ messages: Message[] }>(`/conversations/${conversation.id}/boletos`, { chargeRefs: picked }));
  };
  return (
    <Dialog title={t('acoes.boleto')} description={t('isp.boletoHint')} onClose={onClose} wide>
      <form onSubmit={submit}>
        <Loading state={account}>
          {() => account.data!.charges.length === 0 ? <p className="muted">{t('isp.noCharges')}</p> : (
            <fieldset className="pick-list">
              <legend>{t('isp.openCharges')}</legend>
              {account.data!.charges.map((c) => (
                <label key={c.ref} className="pick">
                  <input
                    type="checkbox"
                    checked={picked.includes(c.ref)}
                    onChange={(e) => setPicked((p) => (e.target.checked ? [...p, c.ref] : p.filter((r) => r !== c.ref)))}
                  />
                  <ChargeLine charge={c} />
                </label>
              ))}
            </fieldset>
          )}
        </Loading>
        <ErrorLine error={error} />
        <Footer busy={busy} label={t('isp.send')} onCancel={onClose} disabled={picked.length === 0} />
      </form>
    </Dialog>
  );
}

export function NotasDialog({ conversation, onClose }: DialogProps) {
  const notas = useQuery({ queryKey: ['notas', conversation.id], queryFn: () => api.get<Nota[]>(`/conversations/${conversation.id}/notas`), retry: false });
  const [picked, setPicked] = useState<string[]>([]);
  const toast = useToast();
  const { busy, error, run } = useAction(conversation.id, () => { toast(t('isp.notasSent')); onClose(); });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() => api.post(`/conversations/${conversation.id}/notas`, { notaRefs: picked }));
  };
  return (
    <Dialog title={t('acoes.notas')} onClose={onClose} wide>
      <form onSubmit={submit}>
        <Loading state={notas}>
          {() => notas.data!.length === 0 ? <p className="muted">{t('isp.noNotas')}</p> : (
            <fieldset className="pick-list">
              <legend>{t('isp.notas')}</legend>
              {notas.data!.map((n) => (
                <label key={n.ref} className="pick">
                  <input
                    type="checkbox"
                    checked={picked.includes(n.ref)}
                    onChange={(e) => setPicked((p) => (e.target.checked ? [...p, n.ref] : p.filter((r) => r !== n.ref)))}
                  />
                  <span>
                    {t('isp.notaLine', { number: n.number, series: n.series, day: formatDay(n.issuedAt), amount: formatBRL(n.amountCents) })}
                    <span className="muted small block">{formatAccessKey(n.accessKey)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
        </Loading>
        <ErrorLine error={error} />
        <Footer busy={busy} label={t('isp.send')} onCancel={onClose} disabled={picked.length === 0} />
      </form>
    </Dialog>
  );
}

type BonusKind = 'desbloqueio_confianca' | 'desconto' | 'dias_extras';

export function BonusDialog({ conversation, onClose }: DialogProps) {
  const account = useAccount(conversation.id);
  const [contractId, setContractId] = useState<number | null>(null);
  const [kind, setKind] = useState<BonusKind>('desbloqueio_confianca');
  const [discount, setDiscount] = useState({ mode: 'percent' as 'percent' | 'value', amount: '' });
  const [days, setDays] = useState('5');
  const toast = useToast();
  const { busy, error, run } = useAction(conversation.id, () => { toast(t('isp.bonusGranted')); onClose(); });
  const contracts = account.data?.contracts ?? [];
  const chosen = contracts.find((c) => c.id === contractId) ?? contracts[0];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const amount = Number(discount.amount.replace(',', '.'));
    const bonus = kind === 'desbloqueio_confianca' ? { kind }
      : kind === 'dias_extras' ? { kind, days: Number(days) }
        : discount.mode === 'percent' ? { kind, percent: Math.round(amount) } : { kind, valueCents: Math.round(amount * 100) };
    run(() => api.post(`/conversations/${conversation.id}/bonus`, { contractId: chosen.id, bonus }));
  };
  return (
    <Dialog title={t('acoes.bonus')} onClose={onClose}>
      <form onSubmit={submit}>
        <Loading state={account}>
          {() => (
            <>
              <label>
                {t('isp.contract')}
                <select value={chosen?.id ?? ''} onChange={(e) => setContractId(Number(e.target.value))}>
                  {contracts.map((c) => <option key={c.id} value={c.id}>{c.plan} — {statusLabel(c.status)}</option>)}
                </select>
              </label>
              <fieldset>
                <legend>{t('isp.bonusKind')}</legend>
                {(['desbloqueio_confianca', 'desconto', 'dias_extras'] as const).map((k) => (
                  <label key={k} className="pick">
                    <input type="radio" name="bonus-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                    {t(`isp.bonus.${k}`)}
                  </label>
                ))}
              </fieldset>
              {kind === 'desbloqueio_confianca' && chosen && chosen.status !== 'bloqueado_atraso' && (
                <p className="muted">{t('isp.trustOnlyLate')}</p>
              )}
              {kind === 'desconto' && (
                <div className="row">
                  <select aria-label={t('isp.discountMode')} value={discount.mode} onChange={(e) => setDiscount({ ...discount, mode: e.target.value as 'percent' | 'value' })}>
                    <option value="percent">{t('isp.percent')}</option>
                    <option value="value">{t('isp.value')}</option>
                  </select>
                  <input aria-label={t('isp.discountAmount')} inputMode="decimal" required value={discount.amount} onChange={(e) => setDiscount({ ...discount, amount: e.target.value })} />
                </div>
              )}
              {kind === 'dias_extras' && (
                <label>
                  {t('isp.days')}
                  <input type="number" min={1} max={60} required value={days} onChange={(e) => setDays(e.target.value)} />
                </label>
              )}
            </>
          )}
        </Loading>
        <ErrorLine error={error} />
        <Footer busy={busy} label={t('isp.grant')} onCancel={onClose} disabled={!chosen} />
      </form>
    </Dialog>
  );
}

const ORDER_TYPES = ['Suporte técnico', 'Financeiro', 'Instalação', 'Mudança de endereço', 'Cancelamento'];

export function ServiceOrderDialog({ conversation, onClose }: DialogProps) {
  const account = useAccount(conversation.id);
  const pages = useMessages(conversation.id);
  const messages = (pages.data?.pages ?? []).flatMap((page) => page.messages);
  // Prefilled from the conversation: its motivo, and what the subscriber last wrote.
  const said = messages.filter((m) => m.direction === 'in' && m.body).slice(-3).map((m) => m.body).join('\n');
  const [form, setForm] = useState({ contractId: '', type: ORDER_TYPES[0], subject: conversation.motivo?.name ?? '', description: said });
  const toast = useToast();
  const { busy, error, run } = useAction(conversation.id, () => onClose());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const contractId = form.contractId ? Number(form.contractId) : (account.data?.contracts[0]?.id ?? null);
    run(async () => {
      const opened = await api.post<{ serviceOrder: { protocolo: string } }>(`/conversations/${conversation.id}/service-orders`, {
        contractId, type: form.type, subject: form.subject, description: form.description,
      });
      toast(t('isp.orderOpened', { protocolo: opened.serviceOrder.protocolo }));
    });
  };
  return (
    <Dialog title={t('acoes.atendimento')} onClose={onClose}>
      <form onSubmit={submit}>
        <Loading state={account}>
          {() => (
            <label>
              {t('isp.contract')}
              <select value={form.contractId} onChange={(e) => setForm({ ...form, contractId: e.target.value })}>
                {account.data!.contracts.map((c) => <option key={c.id} value={c.id}>{c.plan} — {statusLabel(c.status)}</option>)}
              </select>
            </label>
          )}
        </Loading>
        <label>
          {t('isp.orderType')}
          <select value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value })}>
            {ORDER_TYPES.map((type) => <option key={type}>{type}</option>)}
          </select>
        </label>
        <label>
          {t('isp.subject')}
          <input required maxLength={120} value={form.subject} onChange={(e) => setForm({ ...form, subject: e.target.value })} />
        </label>
        <label>
          {t('isp.description')}
          <textarea required rows={4} maxLength={4000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </label>
        <ErrorLine error={error} />
        <Footer busy={busy} label={t('isp.openOrder')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
