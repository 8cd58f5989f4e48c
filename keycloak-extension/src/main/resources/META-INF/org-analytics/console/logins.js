// Failed logins: /logins?outcome=failure for the range, newest first, with the error Keycloak
// gave, the client and the address; paged, Export CSV.
import { byTestId, el, emptyRow, exportButton, formatNumber, pagerButtons, Panel, showPage, userLink } from './dom.js';
import { shortDateTime } from './dates.js';
import { scopeOf } from './api.js';

const PAGE = 10;

export class LoginsPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.first = 0;
    this.errorEl = byTestId('logins-error');
    this.panel = new Panel(byTestId('logins'), this.errorEl, ctx.onError);
    pagerButtons('logins', PAGE, step => {
      this.first = Math.max(0, this.first + step);
      this.load();
    });
    exportButton(byTestId('export-logins'), this.errorEl, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/logins', this.params({ first: undefined, max: undefined })));
  }

  params(overrides = {}) {
    return { ...scopeOf(this.ctx.state), outcome: 'failure', first: this.first, max: PAGE, ...overrides };
  }

  row(l) {
    // A failure Keycloak could not tie to an account (an unknown username) has no user.
    const who = l.userId ? userLink(l.userId, l.username, this.ctx.openUser) : el('span', { class: 'muted', text: 'Unknown user' });
    return el('tr', { 'data-testid': 'failed-login-row', 'data-username': l.username || '', 'data-error': l.error || '',
      'data-client': l.clientId || '', 'data-ip': l.ipAddress || '' },
    el('td', { class: 'nowrap', 'data-label': 'Time', text: shortDateTime(l.time) }),
    el('td', { 'data-label': 'User' }, who),
    el('td', { 'data-label': 'Error' }, el('code', { class: 'action', text: l.error || 'unknown' })),
    el('td', { 'data-label': 'Client', text: l.clientId || '—' }),
    el('td', { 'data-label': 'IP address', text: l.ipAddress || '—' }));
  }

  /** A new range, zone or organization starts at the first page. */
  reload() {
    this.first = 0;
    return this.load();
  }

  load() {
    return this.panel.report(this.ctx, '/logins', this.params(), page => {
      byTestId('logins-table').querySelector('tbody').replaceChildren(
        ...(page.logins.length ? page.logins.map(l => this.row(l)) : [emptyRow(5, 'No failed login in the range.')]));
      byTestId('logins-total').dataset.value = String(page.total);
      byTestId('logins-total').textContent = `${formatNumber(page.total)} failed ${page.total === 1 ? 'login' : 'logins'} in the range`;
      showPage('logins', page.first, page.logins.length, page.total);
    }, () => byTestId('logins-table').querySelector('tbody').replaceChildren());
  }
}
