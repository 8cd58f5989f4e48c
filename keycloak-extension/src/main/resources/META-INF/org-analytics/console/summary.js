// Summary cards: /summary for the range.
import { byTestId, formatNumber, Panel } from './dom.js';
import { scopeOf } from './api.js';

const CARDS = ['totalUsers', 'activeUsers', 'dau', 'wau', 'mau', 'logins', 'failedLogins', 'actions'];

export class SummaryPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.panel = new Panel(byTestId('summary'), byTestId('summary-error'), ctx.onError);
  }

  show(values) {
    for (const key of CARDS) {
      const value = byTestId(`card-${key}`).querySelector('.card-value');
      value.dataset.value = values ? String(values[key]) : '';
      value.textContent = values ? formatNumber(values[key]) : '—';
    }
  }

  load() {
    return this.panel.report(this.ctx, '/summary', scopeOf(this.ctx.state), s => {
      this.show(s);
      // The server's order: catalogued names first, never more than the realm's cap.
      this.ctx.onActionNames(s.actionNames || Object.keys(s.actionsByType || {}));
    }, () => this.show(null));
  }
}
