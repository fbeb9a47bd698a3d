// Text the board shows, formatted in the viewer's own locale and time zone.

const startFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
});
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });

/** "CHECKED_IN" → "Checked in" */
export function statusLabel(status) {
  const words = status.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatStart(isoTimestamp) {
  const date = new Date(isoTimestamp ?? '');
  return Number.isNaN(date.getTime()) ? String(isoTimestamp ?? '') : startFormat.format(date);
}

export function formatClock(date) {
  return clockFormat.format(date);
}

/** YYYY-MM-DD of the local calendar day; toISOString would give the UTC day. */
export function localIsoDate(date) {
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(date, days) {
  const copy = new Date(date);
  copy.setDate(copy.getDate() + days);
  return copy;
}
