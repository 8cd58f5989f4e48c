// Calendar dates (YYYY-MM-DD) in an IANA time zone, for the date-range presets.

/** Today's date in {@code tz}, as YYYY-MM-DD. */
export function todayIn(tz, now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now);
  const get = type => parts.find(p => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function firstOfMonth(isoDate) {
  return `${isoDate.slice(0, 8)}01`;
}

/** {from, to} of a preset, both inclusive, ending today in {@code tz}; null for 'custom'. */
export function presetRange(preset, tz, now = new Date()) {
  const today = todayIn(tz, now);
  switch (preset) {
    case '7d': return { from: addDays(today, -6), to: today };
    case '30d': return { from: addDays(today, -29), to: today };
    case '90d': return { from: addDays(today, -89), to: today };
    case 'this_month': return { from: firstOfMonth(today), to: today };
    case 'last_month': {
      const lastDay = addDays(firstOfMonth(today), -1);
      return { from: firstOfMonth(lastDay), to: lastDay };
    }
    default: return null;
  }
}

export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch (e) {
    return 'UTC';
  }
}

/** Every zone the browser knows, with the browser's own and UTC always present. */
export function zones() {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = new Set(list);
  all.add('UTC');
  all.add(browserZone());
  return [...all].sort();
}

/** "2026-11-03T14:05:00+01:00" -> "2026-11-03 14:05": the API already answers in the chosen zone. */
export function shortDateTime(iso) {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Axis label of a usage bucket starting at {@code iso}. */
export function bucketLabel(iso, interval) {
  const month = MONTHS[Number(iso.slice(5, 7)) - 1];
  const day = Number(iso.slice(8, 10));
  if (interval === 'month') return `${month} ${iso.slice(0, 4)}`;
  if (interval === 'week') return `Wk ${month} ${day}`;
  return `${month} ${day}`;
}

export function rangeText(from, to) {
  return from === to ? from : `${from} – ${to}`;
}
