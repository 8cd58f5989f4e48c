// Organizations panel: /organizations with search, sorting and paging, the dormant ones marked.
// Choosing an organization's name filters the whole page by it (through onPick).
import { byTestId, el, emptyRow, exportButton, formatNumber, listControls, Panel, showPage, sortableHeaders } from './dom.js';
import { shortDateTime } from './dates.js';

const COLUMNS = 8;

/** Nothing attributed to it in the range: no active member, no login, no action. */
export const isDormant = o => !o.activeMembers && !o.logins && !o.actions;

export class OrganizationsPanel {
  /** {@code onPick(organization)} is called with the row's {id, alias, name} when its name is chosen. */
  constructor(ctx, onPick) {
    this.ctx = ctx;
    this.onPick = onPick;
    this.query = { search: '', sort: 'name', order: 'asc', first: 0, max: 25 };
    this.root = byTestId('organizations');
    this.table = byTestId('organizations-table');
    this.errorEl = byTestId('organizations-error');
    this.dormantFirst = byTestId('organizations-dormant-first');
    this.panel = new Panel(this.root, this.errorEl, ctx.onError);

    listControls('organizations', this.query, () => this.load());
    const repaint = sortableHeaders(this.table, this.query, () => {
      this.query.first = 0;
      this.load();
    });
    // The server puts "no activity in the range" first when sorting by last activity ascending:
    // the dormant organizations, by name, then the least recently active.
    this.dormantFirst.addEventListener('click', () => {
      Object.assign(this.query, { sort: 'lastActivityAt', order: 'asc', first: 0 });
      repaint();
      this.load();
    });
    exportButton(byTestId('export-organizations'), this.errorEl, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/organizations', this.params({ first: undefined, max: undefined })));
  }

  /** The range and zone of the page, never its organization filter: the panel lists every organization. */
  params(overrides = {}) {
    const { state } = this.ctx;
    const q = this.query;
    return {
      from: state.from, to: state.to, tz: state.tz, search: q.search,
      sort: q.sort, order: q.order, first: q.first, max: q.max, ...overrides,
    };
  }

  row(o) {
    const dormant = isDormant(o);
    const chosen = [o.id, o.alias].includes(this.ctx.state.organization);
    return el('tr', {
      'data-testid': 'organization-row', 'data-id': o.id, 'data-alias': o.alias, 'data-dormant': String(dormant),
      class: dormant ? 'dormant' : null, 'aria-current': chosen ? 'true' : null,
    },
    el('th', { scope: 'row', 'data-col': 'name' },
      el('button', {
        type: 'button', class: 'link pick', 'data-testid': 'organization-pick',
        'aria-label': `${o.name}: show only this organization on the page`, text: o.name,
      }),
      dormant ? el('span', { class: 'badge dormant-badge', text: 'Dormant' }) : null),
    el('td', { 'data-col': 'activeMembers', class: 'num', text: formatNumber(o.activeMembers) }),
    el('td', { 'data-col': 'members', class: 'num', text: formatNumber(o.members) }),
    el('td', { 'data-col': 'newMembers', class: 'num', text: formatNumber(o.newMembers) }),
    el('td', { 'data-col': 'logins', class: 'num', text: formatNumber(o.logins) }),
    el('td', { 'data-col': 'actions', class: 'num', text: formatNumber(o.actions) }),
    el('td', { 'data-col': 'failedLogins', class: 'num', text: formatNumber(o.failedLogins) }),
    el('td', { 'data-col': 'lastActivityAt', class: 'nowrap', text: o.lastActivityAt ? shortDateTime(o.lastActivityAt) : 'None in range' }),
    el('td', { 'data-col': 'alias' }, el('code', { text: o.alias })));
  }

  load() {
    const params = this.params();
    return this.panel.report(this.ctx, '/organizations', params, page => {
      // A realm without organizations has nothing to show here; a search without matches still does.
      this.root.hidden = page.total === 0 && !params.search;
      this.table.dataset.sort = params.sort;
      this.table.dataset.order = params.order;
      this.dormantFirst.setAttribute('aria-pressed', String(params.sort === 'lastActivityAt' && params.order === 'asc'));
      const rows = page.organizations.map(o => {
        const tr = this.row(o);
        tr.querySelector('button.pick').addEventListener('click', () => this.onPick({ id: o.id, alias: o.alias, name: o.name }));
        return tr;
      });
      this.table.querySelector('tbody').replaceChildren(...(rows.length ? rows : [emptyRow(COLUMNS, 'No organizations match.')]));
      showPage('organizations', page.first, page.organizations.length, page.total);
    }, () => this.table.querySelector('tbody').replaceChildren());
  }
}
