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
    this.full = false;
    this.fullButton = byTestId('chart-full-scale');
    this.fullButton.addEventListener('click', () => {
      this.full = !this.full;
      this.fullButton.setAttribute('aria-pressed', String(this.full));
      this.draw();
    });
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
    if (!this.buckets.length) return;
    const { top, capped, clipped } = drawChart(this.area, this.buckets, this.interval, this.full);
    const note = byTestId('chart-note');
    // The toggle is offered only where one outlier would flatten the chart.
    this.fullButton.hidden = !capped && !this.full;
    note.hidden = !capped;
    note.textContent = capped ? `Scale cut at ${formatNumber(top)} so the other periods stay readable: `
      + `${clipped} ${clipped === 1 ? 'period goes' : 'periods go'} above it (marked, with the value). "Full scale" shows all.` : '';
  }

  load() {
    return this.panel.report(this.ctx, '/usage', this.params(), usage => {
      this.buckets = usage.buckets;
      this.root.dataset.interval = usage.interval;
      this.draw();
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
      byTestId('chart-note').hidden = true;
    });
  }
}
