// The provider's calendar is Brazil's: a charge falls due on a São Paulo day, not a UTC one.
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD in America/Sao_Paulo. */
export const todayInSaoPaulo = (now: Date) => DAY.format(now);

const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Sao_Paulo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The São Paulo day (YYYY-MM-DD) and wall-clock time (HH:MM) of a moment. */
export const saoPauloClock = (now: Date) => ({ day: DAY.format(now), time: TIME.format(now) });

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** 2026-12-10 → 10/12/2026. */
export const formatDay = (day: string) => day.slice(0, 10).split('-').reverse().join('/');
