import type { TimeUnit } from "@datajax/core-ir";

/**
 * Calendar arithmetic on days since 1970-01-01 (proleptic Gregorian, UTC; time zones are not
 * applied yet: a timestamp's parts are its UTC parts). Algorithms after H. Hinnant's
 * `civil_from_days`, integer-only and branch-light.
 */
export const UNITS_PER_SECOND: Record<TimeUnit, number> = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 };
export const unitsPerDay = (u: TimeUnit): number => UNITS_PER_SECOND[u] * 86400;


export function yearOfDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

export function monthOfDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return mp < 10 ? mp + 3 : mp - 9;
}

export function dayOfDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return doy - Math.floor((153 * mp + 2) / 5) + 1;
}

/** Days since the epoch of year-month-day. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

export const dayOfYearOfDays = (days: number): number => days - daysFromCivil(yearOfDays(days), 1, 1) + 1;
/** ISO weekday, Monday = 1 .. Sunday = 7 (1970-01-01 was a Thursday). */
export const weekdayOfDays = (days: number): number => ((((days + 3) % 7) + 7) % 7) + 1;

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  return `${pad(yearOfDays(days), 4)}-${pad(monthOfDays(days), 2)}-${pad(dayOfDays(days), 2)}`;
}

/** `YYYY-MM-DD HH:MM:SS[.fraction]` in UTC. */
export function formatTimestamp(v: number, unit: TimeUnit): string {
  const perSecond = UNITS_PER_SECOND[unit];
  const perDay = perSecond * 86400;
  const days = Math.floor(v / perDay);
  const inDay = v - days * perDay;
  const secs = Math.floor(inDay / perSecond);
  const frac = inDay - secs * perSecond;
  const base = `${formatDate(days)} ${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}`;
  return frac === 0 ? base : `${base}.${pad(Math.round(frac), unit === "ms" ? 3 : unit === "us" ? 6 : 9)}`;
}

