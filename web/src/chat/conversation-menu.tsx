// Item 4: the conversation menu — Contato, Contratos, Conversa (Motivo, Responsável) and Ações.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { motivoAppliesTo } from '../../../api/motivos';
import { api } from '../api/client';
import { keys, useMotivos, useUsers } from '../api/queries';
import type { ConversationDetail, Me, Tab } from '../api/types';
import { errorText, formatDateTime, t } from '../i18n';
import { useToast } from '../ui/toast';
import { ContractDetails } from './contract-status';
import { BonusDialog, BoletoDialog, NotasDialog, ServiceOrderDialog } from './isp-dialogs';
import { BlockDialog, CloseDialog, EditContactDialog, EditConversationDialog, QuickReplyDialog, TransferDialog } from './dialogs';
import { formatPhone } from '../../../api/phone';

type Open = 'close' | 'edit' | 'contact' | 'block' | 'quick' | 'boleto' | 'notas' | 'bonus' | 'atendimento' | 'transfer' | null;

export function ConversationMenu({ me, conversation: c, onClose, onOpened }: {
  me: Me; conversation: ConversationDetail; onClose(): void; onOpened(id: number, tab: Tab): void;
}) {
  const [open, setOpen] = useState<Open>(null);
  const [transferTo, setTransferTo] = useState<{ id: number; name: string } | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const motivos = useMotivos();
  const users = useUsers();
  const closed = c.situacao === 'finalizada';

  const refresh = () => {
    queryClient.invalidateQueries({ queryKey: keys.conversation(c.id) });
    queryClient.invalidateQueries({ queryKey: [...keys.conversations, 'list'] });
    queryClient.invalidateQueries({ queryKey: keys.messages(c.id) });
  };
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      toast(errorText(error));
    }
    refresh();
  };

  const motivoOptions = (motivos.data ?? []).filter((m) => m.active && motivoAppliesTo(m, c.sector?.id ?? null));
  // Always asked in the pop-up (the motivo set earlier comes chosen): closing sends the subscriber the
  // closing message and cannot be undone, so one click in a menu is not enough.
  const closeConversation = () => setOpen('close');

  // Esc closes the panel, unless a pop-up, menu or list elsewhere on the page takes the key first.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || open !== null) return;
      const above = [...document.querySelectorAll('[role="dialog"], [role="menu"], [role="listbox"]')].some((el) => !panel.current?.contains(el));
      if (!above) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, onClose]);

  // The provider's side needs an attended conversation and a linked client; the hint says which is missing.
  const provider = (which: 'boleto' | 'notas' | 'bonus' | 'atendimento') => {
    if (closed || c.situacao !== 'chat') return { disabled: true, hint: t('acoes.needsChat') };
    if (!c.client) return { disabled: true, hint: t('acoes.needsClient') };
    return { onSelect: () => setOpen(which) };
  };

  const sectorAgents = (users.data ?? []).filter((u) => u.active && (u.role !== 'atendente' || (c.sector && u.sectorIds.includes(c.sector.id))));

  return (
    <aside className="menu-panel" aria-label={t('conversation.menu')} ref={panel}>
      <div className="menu-head">
        <h2>{t('conversation.menu')}</h2>
        <button type="button" className="icon-button" aria-label={t('menu.close')} onClick={onClose}>×</button>
      </div>

      <section aria-labelledby="menu-contato">
        <h3 id="menu-contato">{t('menu.contato')}</h3>
        <dl>
          <dt>{t('contato.name')}</dt><dd>{c.contactDetails.name}</dd>
          <dt>{t('contato.phone')}</dt><dd>{c.contactDetails.phone ? formatPhone(c.contactDetails.phone) : '—'}</dd>
          <dt>{t('contato.email')}</dt><dd>{c.contactDetails.email ?? '—'}</dd>
          <dt>{t('contato.canal')}</dt><dd>{c.channel.name}</dd>
        </dl>
        <button type="button" className="link" onClick={() => setOpen('contact')}>{t('contato.edit')}</button>
      </section>

      <section aria-labelledby="menu-contratos">
        <h3 id="menu-contratos">{t('menu.contratos')}</h3>
        <ContractDetails conversation={c} />
      </section>

      <section aria-labelledby="menu-conversa">
        <h3 id="menu-conversa">{t('menu.conversa')}</h3>
        <dl>
          <dt>{t('conversa.startedAt')}</dt><dd>{formatDateTime(c.startedAt)}</dd>
          <dt>{t('conversa.setor')}</dt><dd>{c.sector?.name ?? '—'}</dd>
        </dl>
        <label>
          {t('conversa.motivo')}
          <select value={c.motivo?.id ?? ''} disabled={closed} onChange={(e) => e.target.value && run(() => api.put(`/conversations/${c.id}/motivo`, { motivoId: Number(e.target.value) }))}>
            <option value="">{t('conversa.none')}</option>
            {/* The motivo set before it was deactivated (or the sector changed) still shows, but cannot be picked again. */}
            {c.motivo && !motivoOptions.some((m) => m.id === c.motivo!.id) && <option value={c.motivo.id} disabled>{c.motivo.name}</option>}
            {motivoOptions.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </label>
        <label>
          {t('conversa.responsavel')}
          <select
            value={c.responsavel?.id ?? ''}
            disabled={closed}
            // Asked first, as closing is: the conversation leaves the one attending it at once.
            onChange={(e) => {
              const to = sectorAgents.find((u) => u.id === Number(e.target.value));
              if (!to) return;
              setTransferTo({ id: to.id, name: to.name });
              setOpen('transfer');
            }}
          >
            <option value="">{t('conversa.none')}</option>
            {sectorAgents.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
      </section>

      <section aria-labelledby="menu-acoes">
        <h3 id="menu-acoes">{t('menu.acoes')}</h3>
        <ActionMenu
          label={t('menu.acoes')}
          items={[
            { label: t('acoes.boleto'), ...provider('boleto') },
            { label: t('acoes.notas'), ...provider('notas') },
            { label: t('acoes.bonus'), ...provider('bonus') },
            { label: t('acoes.rapida'), disabled: closed || c.situacao !== 'chat', onSelect: () => setOpen('quick') },
            { label: t('acoes.atendimento'), ...provider('atendimento') },
            { label: t('acoes.editar'), disabled: closed, onSelect: () => setOpen('edit') },
            { label: t('acoes.fechar'), disabled: closed, onSelect: closeConversation },
            c.contact.blocked
              ? { label: t('acoes.desbloquear'), onSelect: () => run(() => api.delete(`/contacts/${c.contact.id}/block`)) }
              : { label: t('acoes.bloquear'), onSelect: () => setOpen('block') },
          ]}
        />
      </section>

      {open === 'transfer' && transferTo && (
        <TransferDialog conversation={c} to={transferTo} onClose={() => setOpen(null)} onDone={() => { setOpen(null); refresh(); }} />
      )}
      {open === 'close' && <CloseDialog conversation={c} onClose={() => setOpen(null)} onDone={() => { setOpen(null); refresh(); onOpened(c.id, 'fechados'); }} />}
      {open === 'edit' && <EditConversationDialog conversation={c} onClose={() => setOpen(null)} onDone={(tab) => { setOpen(null); refresh(); onOpened(c.id, tab); }} />}
      {open === 'contact' && <EditContactDialog conversation={c} onClose={() => setOpen(null)} onDone={() => { setOpen(null); refresh(); }} />}
      {open === 'block' && <BlockDialog conversation={c} onClose={() => setOpen(null)} onDone={() => { setOpen(null); refresh(); }} />}
      {open === 'boleto' && <BoletoDialog conversation={c} onClose={() => setOpen(null)} />}
      {open === 'notas' && <NotasDialog conversation={c} onClose={() => setOpen(null)} />}
      {open === 'bonus' && <BonusDialog conversation={c} onClose={() => setOpen(null)} />}
      {open === 'atendimento' && <ServiceOrderDialog conversation={c} onClose={() => setOpen(null)} />}
      {open === 'quick' && <QuickReplyDialog conversation={c} onClose={() => setOpen(null)} onDone={() => { setOpen(null); refresh(); }} />}
    </aside>
  );
}

interface ActionItem { label: string; disabled?: boolean; hint?: string; onSelect?: () => void }

/** A menu of menuitems: arrow keys move, Enter or Space choose. */
function ActionMenu({ label, items }: { label: string; items: ActionItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const onKeyDown = (event: KeyboardEvent) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const all = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? all.length - 1 : (at + (event.key === 'ArrowDown' ? 1 : -1) + all.length) % all.length;
    all[next]?.focus();
  };
  return (
    <div role="menu" aria-label={label} className="action-menu" ref={ref} onKeyDown={onKeyDown}>
      {items.map((item, i) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={i === 0 ? 0 : -1}
          aria-disabled={item.disabled || undefined}
          aria-describedby={item.hint ? `${hintId}-${i}` : undefined}
          className="menu-item"
          onClick={() => !item.disabled && item.onSelect?.()}
        >
          {item.label}
          {/* Hidden from the name (the item stays "Enviar boleto"), read as its description. */}
          {item.hint && <span id={`${hintId}-${i}`} aria-hidden="true" className="muted small block">{item.hint}</span>}
        </button>
      ))}
    </div>
  );
}
