// Summary cards: /summary for the range, each with its change against the range of equal length
// just before (compare=previous).
import { byTestId, el, formatNumber, Panel } from './dom.js';
import { scopeOf } from './api.js';
import { rangeText } from './dates.js';

const CARDS = ['totalUsers', 'activeUsers', 'dau', 'wau', 'mau', 'logins', 'failedLogins', 'actions'];
/** More of these is worse: their rise is marked as bad, their fall as good. */
const LOWER_IS_BETTER = new Set(['failedLogins']);

/** The change from {@code before} to {@code now}: "+3 (+25%)", "−2 (−10%)", "+3 (new)" or "±0". */
export function deltaText(now, before) {
  const d = now - before;
  if (d === 0) return '±0';
  const sign = d > 0 ? '+' : '−';
  const pct = before === 0 ? 'new' : `${sign}${Math.round(Math.abs(d) * 100 / before)}%`;
  return `${sign}${formatNumber(Math.abs(d))} (${pct})`;
}

export class SummaryPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.panel = new Panel(byTestId('summary'), byTestId('summary-error'), ctx.onError);
  }

  show(values) {
    const previous = values && values.previous;
    for (const key of CARDS) {
      const card = byTestId(`card-${key}`);
      const value = card.querySelector('.card-value');
      value.dataset.value = values ? String(values[key]) : '';
      value.textContent = values ? formatNumber(values[key]) : '—';
      if (key === 'failedLogins') card.dataset.alert = String(Boolean(values && values[key] > 0));
      card.querySelector('.card-delta')?.remove();
      // Total users describes now, not the range: the previous period has no such count.
      if (!previous || previous[key] === undefined) continue;
      const d = values[key] - previous[key];
      const good = LOWER_IS_BETTER.has(key) ? d < 0 : d > 0;
      card.append(el('span', {
        class: 'card-delta', 'data-testid': `delta-${key}`, 'data-previous': previous[key], 'data-delta': d,
        'data-trend': d === 0 ? 'flat' : good ? 'good' : 'bad',
        title: `${formatNumber(previous[key])} in ${rangeText(previous.from.slice(0, 10), previous.to.slice(0, 10))}`,
        text: `${deltaText(values[key], previous[key])} vs previous`,
      }));
    }
  }

  load() {
    return this.panel.report(this.ctx, '/summary', { ...scopeOf(this.ctx.state), compare: 'previous' }, s => {
      this.show(s);
      // The server's order: catalogued names first, never more than the realm's cap.
      this.ctx.onActionNames(s.actionNames || Object.keys(s.actionsByType || {}));
    }, () => this.show(null));
  }
}
