// User actions report: /actions, newest first, filtered by user, client and action, with paging.
import { byTestId, el, emptyRow, exportButton, pagerButtons, Panel, personName, showPage } from './dom.js';
import { shortDateTime } from './dates.js';
import { scopeOf } from './api.js';

const PAGE = 10;

export class ActionsPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.filter = { user: '', client: '', action: '' };
    this.first = 0;
    this.errorEl = byTestId('actions-error');
    this.panel = new Panel(byTestId('actions'), this.errorEl, ctx.onError);
    this.actionSelect = byTestId('actions-action');
    byTestId('actions-filters').addEventListener('submit', e => {
      e.preventDefault();
      this.filter = {
        user: byTestId('actions-user').value.trim(),
        client: byTestId('actions-client').value.trim(),
        action: this.actionSelect.value,
      };
      this.first = 0;
      this.load();
    });
    pagerButtons('actions', PAGE, step => {
      this.first = Math.max(0, this.first + step);
      this.load();
    });
    exportButton(byTestId('export-actions'), this.errorEl, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/actions', this.params({ first: undefined, max: undefined })));
  }

  params(overrides = {}) {
    return { ...scopeOf(this.ctx.state), ...this.filter, first: this.first, max: PAGE, ...overrides };
  }

  setActionNames(names) {
    const current = this.actionSelect.value;
    // In the order given (catalogued names first), keeping the current choice.
    const all = new Set(names);
    if (current) all.add(current);
    this.actionSelect.replaceChildren(el('option', { value: '', text: 'All actions' }),
      ...[...all].map(n => el('option', { value: n, text: n })));
    this.actionSelect.value = current;
  }

  row(a) {
    const target = a.target ? [a.target.type, a.target.name || a.target.id].filter(Boolean).join(': ') : '';
    return el('tr', { 'data-testid': 'action-row', 'data-id': a.id, 'data-action': a.action, 'data-username': a.username || '' },
      el('td', { class: 'nowrap', text: shortDateTime(a.occurredAt) }),
      el('td', {}, el('span', { class: 'name', text: personName(a) }), el('span', { class: 'muted small block', text: a.email || '' })),
      el('td', {}, el('code', { class: 'action', text: a.action })),
      el('td', { text: a.clientId || '' }),
      el('td', { text: target, title: a.page || null }));
  }

  load() {
    return this.panel.report(this.ctx, '/actions', this.params(), page => {
      byTestId('actions-table').querySelector('tbody').replaceChildren(
        ...(page.actions.length ? page.actions.map(a => this.row(a)) : [emptyRow(5, 'No actions match.')]));
      showPage('actions', page.first, page.actions.length, page.total);
    }, () => byTestId('actions-table').querySelector('tbody').replaceChildren());
  }
}
