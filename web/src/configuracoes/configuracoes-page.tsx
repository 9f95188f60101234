// Configurações do chat (administrators): the greeting, closing and out-of-hours messages with the
// quick replies' variables, the business hours per weekday and the holidays, in São Paulo time; and
// whether the paid chat module is on, read-only (it is hired from support).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { ChatSettings } from '../api/types';
import { errorText, t } from '../i18n';
import type { MessageKey } from '../i18n/pt-BR';
import { ErrorLine, useSubmit } from '../ui/form';
import { useToast } from '../ui/toast';
import { QUICK_REPLY_VARIABLES, unknownVariables } from '../../../api/quick-replies';

const KEY = ['chat-settings'] as const;

export function ConfiguracoesPage() {
  const settings = useQuery({ queryKey: KEY, queryFn: () => api.get<ChatSettings>('/chat-settings') });
  return (
    <section className="page settings-page" aria-labelledby="configuracoes-title">
      <div className="page-head"><h1 id="configuracoes-title">{t('configuracoes.title')}</h1></div>
      {settings.isPending ? <p className="muted">{t('common.loading')}</p>
        : settings.isError ? <ErrorLine error={errorText(settings.error)} />
          : <SettingsForm settings={settings.data} />}
    </section>
  );
}

interface Interval { start: string; end: string }
interface DayDraft { open: boolean; first: Interval; second: Interval }

const EMPTY: Interval = { start: '', end: '' };
const dayName = (index: number) => t(`configuracoes.day.${index}` as MessageKey);

function draftOf(hours: ChatSettings['hours']): DayDraft[] {
  return Array.from({ length: 7 }, (_, i) => {
    const day = hours?.[i] ?? [];
    // A weekday the provider never set starts as a common ISP's: 08:00–18:00 on weekdays.
    if (!hours) return { open: i >= 1 && i <= 5, first: { start: '08:00', end: '18:00' }, second: EMPTY };
    return { open: day.length > 0, first: day[0] ?? { start: '08:00', end: '18:00' }, second: day[1] ?? EMPTY };
  });
}

function SettingsForm({ settings }: { settings: ChatSettings }) {
  const [greeting, setGreeting] = useState(settings.greeting);
  const [closingMessage, setClosingMessage] = useState(settings.closingMessage);
  const [outOfHoursMessage, setOutOfHoursMessage] = useState(settings.outOfHoursMessage);
  const [withHours, setWithHours] = useState(settings.hours !== null);
  const [days, setDays] = useState(() => draftOf(settings.hours));
  const [holidays, setHolidays] = useState(settings.holidays);
  const queryClient = useQueryClient();
  const toast = useToast();

  const incomplete = withHours
    ? days.findIndex((d) => d.open && (!d.first.start || !d.first.end || (!d.second.start !== !d.second.end)))
    : -1;
  const body = {
    greeting, closingMessage, outOfHoursMessage, holidays,
    hours: withHours ? days.map((d) => (d.open ? [d.first, ...(d.second.start ? [d.second] : [])] : [])) : null,
  };
  const { busy, error, submit } = useSubmit(
    async () => {
      if (incomplete >= 0) throw new ApiError(400, 'validation_failed', t('configuracoes.incomplete', { day: dayName(incomplete) }));
      queryClient.setQueryData(KEY, await api.put<ChatSettings>('/chat-settings', body));
    },
    () => toast(t('configuracoes.saved')),
  );
  const setDay = (index: number, change: Partial<DayDraft>) => setDays(days.map((d, i) => (i === index ? { ...d, ...change } : d)));

  return (
    <form onSubmit={submit} className="settings-form">
      <fieldset>
        <legend>{t('configuracoes.module')}</legend>
        <p><strong>{settings.chatEnabled ? t('configuracoes.moduleOn') : t('configuracoes.moduleOff')}</strong></p>
        <p className="muted small">{t('configuracoes.moduleNote')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('configuracoes.messages')}</legend>
        <MessageField label={t('configuracoes.greeting')} hint={t('configuracoes.greetingHint')} value={greeting} onChange={setGreeting} required />
        <MessageField label={t('configuracoes.closing')} value={closingMessage} onChange={setClosingMessage} />
        <MessageField label={t('configuracoes.outOfHours')} value={outOfHoursMessage} onChange={setOutOfHoursMessage} />
        <p className="muted small">{t('respostas.variables')}</p>
        <ul className="variables">
          {QUICK_REPLY_VARIABLES.map((variable) => (
            <li key={variable}>
              <code>{`{{${variable}}}`}</code>
              <span className="muted small">{t((variable === 'atendente.nome' ? 'configuracoes.var.atendente.nome' : `respostas.var.${variable}`) as MessageKey)}</span>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset>
        <legend>{t('configuracoes.hours')}</legend>
        <label className="check"><input type="checkbox" checked={withHours} onChange={(e) => setWithHours(e.target.checked)} />{t('configuracoes.hoursOn')}</label>
        {!withHours ? <p className="muted small">{t('configuracoes.hoursOff')}</p> : (
          <>
            <p className="muted small">{t('configuracoes.hoursHint')}</p>
            <table className="table hours">
              <thead>
                <tr>
                  <th scope="col">{t('configuracoes.day')}</th>
                  <th scope="col">{t('configuracoes.open')}</th>
                  <th scope="col">{t('configuracoes.first')}</th>
                  <th scope="col">{t('configuracoes.second')}</th>
                </tr>
              </thead>
              <tbody>
                {days.map((day, i) => (
                  <tr key={i} className={day.open ? undefined : 'inactive'}>
                    <th scope="row">{dayName(i)}</th>
                    <td><input type="checkbox" aria-label={t('configuracoes.openOn', { day: dayName(i) })} checked={day.open} onChange={(e) => setDay(i, { open: e.target.checked })} /></td>
                    {day.open ? (
                      <>
                        <td><IntervalInputs day={i} n={1} value={day.first} onChange={(first) => setDay(i, { first })} /></td>
                        <td><IntervalInputs day={i} n={2} value={day.second} onChange={(second) => setDay(i, { second })} /></td>
                      </>
                    ) : <td colSpan={2} className="muted">{t('configuracoes.closedDay')}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('configuracoes.holidays')}</legend>
        {holidays.length === 0 && <p className="muted small">{t('configuracoes.noHolidays')}</p>}
        <ul className="holidays">
          {holidays.map((holiday, i) => (
            <li key={i}>
              <input type="date" required aria-label={t('configuracoes.holidayDate')} value={holiday.date}
                onChange={(e) => setHolidays(holidays.map((h, j) => (j === i ? { ...h, date: e.target.value } : h)))} />
              <input required maxLength={80} aria-label={t('configuracoes.holidayName')} placeholder={t('configuracoes.holidayName')} value={holiday.name}
                onChange={(e) => setHolidays(holidays.map((h, j) => (j === i ? { ...h, name: e.target.value } : h)))} />
              <button type="button" aria-label={t('configuracoes.removeHoliday', { name: holiday.name || holiday.date })}
                onClick={() => setHolidays(holidays.filter((_, j) => j !== i))}>{t('configuracoes.remove')}</button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setHolidays([...holidays, { date: '', name: '' }])}>{t('configuracoes.addHoliday')}</button>
      </fieldset>

      <ErrorLine error={error} />
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={busy}>{t('common.save')}</button>
      </div>
    </form>
  );
}

function MessageField({ label, hint, value, onChange, required }: { label: string; hint?: string; value: string; onChange(value: string): void; required?: boolean }) {
  const unknown = unknownVariables(value);
  return (
    <>
      <label>{label}<textarea rows={3} maxLength={4096} required={required} value={value} onChange={(e) => onChange(e.target.value)} /></label>
      {hint && <p className="muted small">{hint}</p>}
      {unknown.length > 0 && <p className="error small" role="status">{t('respostas.unknownVariables', { names: unknown.join(', ') })}</p>}
    </>
  );
}

function IntervalInputs({ day, n, value, onChange }: { day: number; n: number; value: Interval; onChange(value: Interval): void }) {
  return (
    <span className="interval">
      <input type="time" aria-label={t('configuracoes.start', { day: dayName(day), n })} value={value.start} onChange={(e) => onChange({ ...value, start: e.target.value })} />
      <span aria-hidden>–</span>
      <input type="time" aria-label={t('configuracoes.end', { day: dayName(day), n })} value={value.end} onChange={(e) => onChange({ ...value, end: e.target.value })} />
    </span>
  );
}
