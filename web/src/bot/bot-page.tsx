// Administração > Bot: the menu the bot answers subscribers with, edited as data (api/bot.ts): on or
// off, its texts, the options in order (each one's action, and its sector or message), what it does
// with invalid answers and with silence; Exportar JSON / Importar JSON to move it between
// installations. The server checks everything and names the field it refuses; it is shown there.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useMotivos, useSectors } from '../api/queries';
import type { BotAction, BotFlow, BotOption, Motivo, Sector } from '../api/types';
import { errorText, t } from '../i18n';
import type { MessageKey } from '../i18n/pt-BR';
import { ErrorLine, FieldError, useSubmit } from '../ui/form';
import { useToast } from '../ui/toast';
import { motivoAppliesTo } from '../../../api/motivos';
import { MAX_OPTIONS, OPTION_LABEL_MAX } from '../../../api/bot-limits';

const KEY = ['bot'] as const;

/** Every action, with its name on screen: a Record, so a new action cannot be left out. */
const ACTION_NAMES: Record<BotAction, MessageKey> = {
  segunda_via: 'bot.action.segunda_via',
  desbloqueio: 'bot.action.desbloqueio',
  atendente: 'bot.action.atendente',
  mensagem: 'bot.action.mensagem',
};
const ACTIONS = Object.keys(ACTION_NAMES) as BotAction[];

export function BotPage() {
  const flow = useQuery({ queryKey: KEY, queryFn: () => api.get<BotFlow>('/bot') });
  // The selects need their lists before they show what is chosen.
  const sectors = useSectors();
  const motivos = useMotivos();
  // A new revision (saved, imported) starts the form again from what the server kept.
  const [revision, setRevision] = useState(0);
  const queryClient = useQueryClient();
  const reload = (saved: BotFlow) => {
    queryClient.setQueryData(KEY, saved);
    setRevision((r) => r + 1);
  };
  return (
    <section className="page settings-page" aria-labelledby="bot-title">
      <div className="page-head">
        <h1 id="bot-title">{t('bot.title')}</h1>
        <FileActions onImported={reload} />
      </div>
      {flow.isPending || sectors.isPending || motivos.isPending ? <p className="muted">{t('common.loading')}</p>
        : flow.isError || sectors.isError || motivos.isError ? <ErrorLine error={errorText(flow.error ?? sectors.error ?? motivos.error)} />
          : <BotForm key={revision} flow={flow.data} sectors={sectors.data} motivos={motivos.data} onSaved={reload} />}
    </section>
  );
}

/** Exportar JSON downloads what is saved; Importar JSON replaces it with a file, or says why not. */
function FileActions({ onImported }: { onImported(flow: BotFlow): void }) {
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const toast = useToast();
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    try {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        throw new ApiError(400, 'validation_failed', t('bot.notJson'));
      }
      onImported(await api.post<BotFlow>('/bot/import', body));
      toast(t('bot.imported'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      // The same file, chosen again after fixing it, is a change too.
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="file-actions">
      <a className="button" href="/api/v1/bot/export" download="prosa-bot.json">{t('bot.export')}</a>
      <label className="button">
        {t('bot.import')}
        <input ref={input} type="file" className="sr-only" accept="application/json,.json" onChange={importFile} />
      </label>
      <ErrorLine error={error} />
    </div>
  );
}

/** A free id for a new option (the button's id on WhatsApp): opcao-1, opcao-2... */
function newOptionId(options: BotOption[]): string {
  let n = options.length + 1;
  while (options.some((o) => o.id === `opcao-${n}`)) n++;
  return `opcao-${n}`;
}

function BotForm({ flow, sectors, motivos, onSaved }: { flow: BotFlow; sectors: Sector[]; motivos: Motivo[]; onSaved(flow: BotFlow): void }) {
  const [draft, setDraft] = useState(flow);
  const toast = useToast();
  const { busy, error, fields, submit } = useSubmit(
    async () => onSaved(await api.put<BotFlow>('/bot', draft)),
    () => toast(t('bot.saved')),
  );
  const set = <K extends keyof BotFlow>(key: K, value: BotFlow[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setOption = (index: number, change: Partial<BotOption>) =>
    set('options', draft.options.map((o, i) => (i === index ? { ...o, ...change } : o)));
  const move = (index: number, by: -1 | 1) => {
    const options = [...draft.options];
    [options[index], options[index + by]] = [options[index + by], options[index]];
    set('options', options);
  };

  // Where a refusal is shown: beside its field, when the form has that field.
  const errorId = (path: string) => `bot-error-${path.replaceAll('.', '-')}`;
  const shown = new Set([
    'greeting', 'identifyPrompt', 'notFoundMessage', 'menuPrompt', 'options', 'invalidMessage', 'maxInvalid', 'timeoutMinutes', 'timeoutMotivoId', 'timeoutMessage',
    ...draft.options.flatMap((_, i) => ['label', 'sectorId', 'text'].map((field) => `options.${i}.${field}`)),
  ]);
  const described = (path: string) => (fields[path] ? { 'aria-invalid': true, 'aria-describedby': errorId(path) } : {});
  const fieldError = (path: string) => <FieldError id={errorId(path)} error={fields[path]} />;
  const unshown = Object.entries(fields).filter(([path]) => !shown.has(path)).map(([, message]) => message);
  const summary = !error ? null : Object.keys(fields).length === 0 ? error : [t('bot.fixFields'), ...unshown].join(' ');

  // An inactive sector or unfit motivo stays offered while the flow names it, so it is not dropped silently.
  const sectorOffered = sectors.filter((s) => (s.active && s.attends) || draft.options.some((o) => o.sectorId === s.id));
  const motivoOffered = motivos.filter((m) => (m.active && motivoAppliesTo(m, null)) || m.id === draft.timeoutMotivoId);

  const text = (key: 'greeting' | 'identifyPrompt' | 'notFoundMessage' | 'menuPrompt' | 'invalidMessage' | 'timeoutMessage', label: MessageKey, max: number) => (
    <>
      <label>{t(label)}<textarea rows={2} maxLength={max} value={draft[key]} onChange={(e) => set(key, e.target.value)} {...described(key)} /></label>
      {fieldError(key)}
    </>
  );

  return (
    <form onSubmit={submit} className="settings-form bot-form">
      <fieldset>
        <legend>{t('bot.state')}</legend>
        <label className="check"><input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />{t('bot.enabled')}</label>
        <p className="muted small">{t('bot.enabledHint')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('bot.messages')}</legend>
        {text('greeting', 'bot.greeting', 1000)}
        <label className="check"><input type="checkbox" checked={draft.identifyFirst} onChange={(e) => set('identifyFirst', e.target.checked)} />{t('bot.identifyFirst')}</label>
        {text('identifyPrompt', 'bot.identifyPrompt', 500)}
        {text('notFoundMessage', 'bot.notFoundMessage', 500)}
        {text('menuPrompt', 'bot.menuPrompt', 1000)}
      </fieldset>

      <fieldset>
        <legend>{t('bot.options')}</legend>
        <p className="muted small">{t('bot.optionsHint', { max: MAX_OPTIONS, chars: OPTION_LABEL_MAX })}</p>
        <ol className="bot-options">
          {draft.options.map((option, i) => {
            const n = i + 1;
            const at = (field: string) => `options.${i}.${field}`;
            return (
              <li key={option.id} className="bot-option">
                <div className="bot-option-row">
                  <label>
                    {t('bot.optionLabel', { n })}
                    <input required maxLength={OPTION_LABEL_MAX} value={option.label} onChange={(e) => setOption(i, { label: e.target.value })} {...described(at('label'))} />
                  </label>
                  <label>
                    {t('bot.optionAction', { n })}
                    <select value={option.action} onChange={(e) => setOption(i, { action: e.target.value as BotAction })}>
                      {ACTIONS.map((action) => <option key={action} value={action}>{t(ACTION_NAMES[action])}</option>)}
                    </select>
                  </label>
                  {option.action === 'atendente' && (
                    <label>
                      {t('bot.optionSector', { n })}
                      <select
                        value={option.sectorId ?? ''} {...described(at('sectorId'))}
                        onChange={(e) => setOption(i, { sectorId: e.target.value ? Number(e.target.value) : null })}
                      >
                        <option value="">{t('bot.chooseSector')}</option>
                        {sectorOffered.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                      </select>
                    </label>
                  )}
                  <div className="row-actions bot-option-actions">
                    <button type="button" aria-label={t('bot.moveUpOption', { n })} disabled={i === 0} onClick={() => move(i, -1)}>{t('bot.moveUp')}</button>
                    <button type="button" aria-label={t('bot.moveDownOption', { n })} disabled={i === draft.options.length - 1} onClick={() => move(i, 1)}>{t('bot.moveDown')}</button>
                    <button type="button" aria-label={t('bot.removeOption', { n })} onClick={() => set('options', draft.options.filter((_, j) => j !== i))}>{t('bot.remove')}</button>
                  </div>
                </div>
                {fieldError(at('label'))}
                {fieldError(at('sectorId'))}
                {option.action === 'mensagem' && (
                  <>
                    <label>
                      {t('bot.optionText', { n })}
                      <textarea rows={2} maxLength={1000} value={option.text} onChange={(e) => setOption(i, { text: e.target.value })} {...described(at('text'))} />
                    </label>
                    {fieldError(at('text'))}
                  </>
                )}
              </li>
            );
          })}
        </ol>
        {fieldError('options')}
        <button
          type="button" disabled={draft.options.length >= MAX_OPTIONS}
          onClick={() => set('options', [...draft.options, { id: newOptionId(draft.options), label: '', action: 'atendente', sectorId: null, text: '' }])}
        >{t('bot.addOption')}</button>
      </fieldset>

      <fieldset>
        <legend>{t('bot.invalid')}</legend>
        {text('invalidMessage', 'bot.invalidMessage', 500)}
        <label className="number-field">
          {t('bot.maxInvalid')}
          <input type="number" required min={1} max={10} value={draft.maxInvalid} onChange={(e) => set('maxInvalid', Number(e.target.value))} {...described('maxInvalid')} />
        </label>
        {fieldError('maxInvalid')}
      </fieldset>

      <fieldset>
        <legend>{t('bot.timeout')}</legend>
        <label className="number-field">
          {t('bot.timeoutMinutes')}
          <input type="number" required min={1} max={720} value={draft.timeoutMinutes} onChange={(e) => set('timeoutMinutes', Number(e.target.value))} {...described('timeoutMinutes')} />
        </label>
        {fieldError('timeoutMinutes')}
        <label className="narrow-field">
          {t('bot.timeoutMotivo')}
          <select
            value={draft.timeoutMotivoId ?? ''} {...described('timeoutMotivoId')}
            onChange={(e) => set('timeoutMotivoId', e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t('bot.chooseMotivo')}</option>
            {motivoOffered.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </label>
        <p className="muted small">{t('bot.timeoutMotivoHint')}</p>
        {fieldError('timeoutMotivoId')}
        {text('timeoutMessage', 'bot.timeoutMessage', 1000)}
      </fieldset>

      <ErrorLine error={summary} />
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={busy}>{t('common.save')}</button>
      </div>
    </form>
  );
}
