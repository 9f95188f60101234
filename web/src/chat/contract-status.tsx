// Item 1: beside the name, the contract's state — green when active, red with an alert when
// blocked. A click opens the contract's details.
import { useState } from 'react';
import type { ConversationDetail } from '../api/types';
import { formatTaxId, t, tOr } from '../i18n';
import { Dialog } from '../ui/dialog';
import { ContractsView } from './isp-dialogs';

const BLOCKED = ['bloqueado_manual', 'bloqueado_atraso', 'suspenso'];

export function ContractStatus({ conversation }: { conversation: ConversationDetail }) {
  const [open, setOpen] = useState(false);
  const state = conversation.contractState;
  const label = t(state === 'none' ? 'conversation.contract.none' : state === 'blocked' ? 'conversation.contract.blocked' : 'conversation.contract.active');
  return (
    <>
      <button type="button" className={`contract-dot ${state}`} aria-label={label} title={label} onClick={() => setOpen(true)}>
        <span aria-hidden>{state === 'blocked' ? '!' : ''}</span>
      </button>
      {open && (
        <Dialog title={t('menu.contratos')} onClose={() => setOpen(false)}>
          {conversation.client ? <ContractsView conversation={conversation} /> : <p className="muted">{t('contratos.none')}</p>}
        </Dialog>
      )}
    </>
  );
}

export function ContractDetails({ conversation }: { conversation: ConversationDetail }) {
  const client = conversation.client;
  if (!client || client.contracts.length === 0) return <p className="muted">{t('contratos.none')}</p>;
  return (
    <div className="contracts">
      <p><strong>{client.name}</strong>{client.document && <span className="muted"> · {t('contratos.document')} {formatTaxId(client.document)}</span>}</p>
      {client.contracts.map((contract) => (
        <dl key={contract.id} className={`contract ${BLOCKED.includes(contract.status) ? 'blocked' : contract.status === 'ativo' ? 'active' : ''}`}>
          <dt>{t('contratos.plan')}</dt><dd>{contract.plan}</dd>
          <dt>{t('contratos.status')}</dt><dd>{statusLabel(contract.status)}</dd>
          {contract.address && (<><dt>{t('contratos.address')}</dt><dd>{contract.address}</dd></>)}
          {contract.dueDay && (<><dt>{t('contratos.dueDay')}</dt><dd>{t('contratos.dueDayValue', { day: contract.dueDay })}</dd></>)}
        </dl>
      ))}
    </div>
  );
}

export const statusLabel = (status: string) => tOr(`contract.status.${status}`, status);
