// Action catalog: the realm's tracking plan (/catalog) and the action names it refused.
import { byTestId, el, emptyRow, formatNumber, Panel } from './dom.js';
import { shortDateTime } from './dates.js';

export class CatalogPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.panel = new Panel(byTestId('catalog'), byTestId('catalog-error'), ctx.onError);
  }

  load() {
    return this.panel.report(this.ctx, '/catalog', {}, c => {
      byTestId('catalog-mode').textContent = c.mode === 'strict'
        ? 'Strict: only the catalogued names are accepted.'
        : `Open: new names are accepted until the realm has ${formatNumber(c.maxNames)} (it has ${formatNumber(c.knownNames)}).`;
      byTestId('catalog-table').querySelector('tbody').replaceChildren(...(c.actions.length
        ? c.actions.map(a => el('tr', { 'data-testid': 'catalog-row', 'data-action': a.name },
          el('td', {}, el('code', { class: 'action', text: a.name })),
          el('td', { text: a.description || '' })))
        : [emptyRow(2, 'No catalog saved: every valid name counts until the cap.')]));
      const refused = [...c.refused];
      if (c.otherRefused) refused.push({ ...c.otherRefused, name: null });
      byTestId('refused-table').querySelector('tbody').replaceChildren(...(refused.length
        ? refused.map(r => el('tr', { 'data-testid': 'refused-row', 'data-action': r.name || '', 'data-count': r.count },
          el('td', {}, r.name ? el('code', { class: 'action', text: r.name }) : el('span', { class: 'muted', text: 'other names' })),
          el('td', { class: 'num', text: formatNumber(r.count) }),
          el('td', { class: 'nowrap', text: shortDateTime(r.lastSeenAt) })))
        : [emptyRow(3, 'No action name was refused.')]));
    }, () => {
      byTestId('catalog-table').querySelector('tbody').replaceChildren();
      byTestId('refused-table').querySelector('tbody').replaceChildren();
    });
  }
}
