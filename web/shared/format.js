// Numbers and times as every page shows them: counts with thousands separators, instants in ISO form in
// UTC with the reader's local time beside them, days as YYYY-MM-DD.

import { el } from './dom.js';

const numbers = new Intl.NumberFormat('en');

/** A count with thousands separators, or an en dash when there is none. */
export function num(value) {
  return value === null || value === undefined ? '–' : numbers.format(value);
}

const pad = (n) => String(n).padStart(2, '0');

/** 2015-10-27 14:05, in UTC. */
export function isoUtc(date) {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** 2015-10-27 16:05, in the reader's time zone. */
export function isoLocal(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An instant as text: "2015-10-27 14:05 UTC (2015-10-27 16:05 local)", or an en dash when there is none. */
export function instant(value) {
  if (!value) return '–';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${isoUtc(date)} UTC (${isoLocal(date)} local)`;
}

/** An instant as a <time> element, worded as instant() words it, the local part dimmed (and left off on paper by the brief). */
export function time(value) {
  if (!value) return el('span', { className: 'muted', text: '–' });
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return el('span', { text: String(value) });
  return el('time', { datetime: date.toISOString(), title: date.toISOString() },
    `${isoUtc(date)} UTC`, el('span', { className: 'local', text: ` (${isoLocal(date)} local)` }));
}

/** Today as YYYY-MM-DD in the reader's time zone. */
export function today() {
  return isoLocal(new Date()).slice(0, 10);
}

/** camelCase enum values as words: dailyCap → daily cap. */
export function words(value) {
  return String(value ?? '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
