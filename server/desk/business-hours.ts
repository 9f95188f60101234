// Whether the desk is open at a moment, by the provider's hours and holidays in São Paulo time, and
// since when it has been closed: the out-of-hours message goes once per closed period.
import { addDays, saoPauloClock } from '../isp/calendar.js';
import type { ChatSettings } from './chat-settings.js';

/** How far back a closed period is looked for its start; beyond it, the desk counts as closed for good. */
const LOOKBACK_DAYS = 400;

const weekdayOf = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

function intervalsOn(settings: ChatSettings, hours: NonNullable<ChatSettings['hours']>, day: string) {
  if (settings.holidays.some((h) => h.date === day)) return [];
  return hours[weekdayOf(day)];
}

/**
 * null while the desk is open (or has no hours: always open); else when the closed period `at` falls
 * in began, as São Paulo's "YYYY-MM-DD HH:MM" (the end of the last interval), or "sem-abertura" when
 * the desk has not opened in the last LOOKBACK_DAYS days.
 */
export function closedSince(settings: ChatSettings, at: Date): string | null {
  const { hours } = settings;
  if (hours === null) return null;
  const { day: today, time } = saoPauloClock(at);
  // An interval holds its start minute and not its end one: 08:00–12:00 is open at 08:00, closed at 12:00.
  if (intervalsOn(settings, hours, today).some((i) => i.start <= time && time < i.end)) return null;
  for (let back = 0; back <= LOOKBACK_DAYS; back++) {
    const day = addDays(today, -back);
    const ends = intervalsOn(settings, hours, day).map((i) => i.end).filter((end) => back > 0 || end <= time);
    if (ends.length > 0) return `${day} ${ends.sort().at(-1)}`;
  }
  return 'sem-abertura';
}
