// Usage over time: /usage with a Daily / Weekly / Monthly switch, as a chart and a data table.
import { byTestId, el, exportButton, formatNumber, Panel } from './dom.js';
import { drawChart } from './chart.js';
import { scopeOf } from './api.js';

export class UsagePanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.interval = 'day';
    this.buckets = [];
    this.root = byTestId('usage');
    this.area = byTestId('chart-area');
    this.errorEl = byTestId('usage-error');
    this.panel = new Panel(this.root, this.errorEl, ctx.onError);
    this.buttons = [...byTestId('interval').querySelectorAll('button')];
    for (const b of this.buttons) {
      b.addEventListener('click', () => {
        if (this.interval === b.dataset.interval) return;
        this.interval = b.dataset.interval;
        this.buttons.forEach(x => x.setAttribute('aria-pressed', String(x === b)));
        this.load();
      });
    }
    exportButton(byTestId('export-usage'), this.errorEl, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/usage', this.params()));
    let pending = null;
    new ResizeObserver(() => {
      clearTimeout(pending);
      pending = setTimeout(() => this.draw(), 150);
    }).observe(this.area);
  }

  params() {
    return { ...scopeOf(this.ctx.state), interval: this.interval };
  }

  draw() {
    if (this.buckets.length) drawChart(this.area, this.buckets, this.interval);
  }

  load() {
    return this.panel.report(this.ctx, '/usage', this.params(), usage => {
      this.buckets = usage.buckets;
      this.root.dataset.interval = usage.interval;
      drawChart(this.area, usage.buckets, usage.interval);
      byTestId('usage-table').querySelector('tbody').replaceChildren(...usage.buckets.map(b => el('tr', {},
        el('th', { scope: 'row', text: b.start.slice(0, 10) }),
        el('td', { class: 'num', text: formatNumber(b.logins) }),
        el('td', { class: 'num', text: formatNumber(b.activeUsers) }),
        el('td', { class: 'num', text: formatNumber(b.actions) }),
        el('td', { class: 'num', text: formatNumber(b.failedLogins) }),
        el('td', { class: 'num', text: formatNumber(b.newUsers) }))));
    }, () => {
      this.buckets = [];
      this.area.replaceChildren();
    });
  }
}
