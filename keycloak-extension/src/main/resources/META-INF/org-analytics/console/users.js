// Users table: /users with search, group filter, sorting and paging; a name opens the drill-down.
import { byTestId, el, emptyRow, exportButton, formatNumber, groupChip, listControls, Panel, showPage, sortableHeaders, userLink } from './dom.js';
import { shortDateTime } from './dates.js';
import { scopeOf } from './api.js';

const COLUMNS = 9;

export class UsersPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.query = { search: '', group: '', sort: 'lastName', order: 'asc', first: 0, max: 25 };
    this.table = byTestId('users-table');
    this.errorEl = byTestId('users-error');
    this.panel = new Panel(byTestId('users'), this.errorEl, ctx.onError);

    listControls('users', this.query, () => this.load());
    byTestId('users-group').addEventListener('change', e => {
      this.query.group = e.target.value;
      this.query.first = 0;
      this.load();
    });
    sortableHeaders(this.table, this.query, () => {
      this.query.first = 0;
      this.load();
    });
    exportButton(byTestId('export-users'), this.errorEl, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/users', this.params({ first: undefined, max: undefined })));
  }

  params(overrides = {}) {
    const q = this.query;
    return {
      ...scopeOf(this.ctx.state), search: q.search, group: q.group,
      sort: q.sort, order: q.order, first: q.first, max: q.max, ...overrides,
    };
  }

  /** Group paths for the filter: Keycloak's group tree when the admin may list groups, else the groups of the users. */
  async loadGroups() {
    const { api, state } = this.ctx;
    const paths = new Set();
    try {
      // Keycloak lists top-level groups with a subgroup count; subgroups come from /children, level by level.
      const base = `/admin/realms/${encodeURIComponent(state.realm)}/groups`;
      const walk = async groups => {
        groups.forEach(g => paths.add(g.path));
        const parents = groups.filter(g => g.subGroupCount > 0);
        const children = await Promise.all(parents.map(g =>
          api.json(`${base}/${encodeURIComponent(g.id)}/children`, { briefRepresentation: true, max: 1000 })));
        await Promise.all(children.map(walk));
      };
      await walk(await api.json(base, { briefRepresentation: true, max: 1000 }));
    } catch (err) {
      if (err.status !== 403) throw err;
      // view-org-analytics alone may not list groups: take them from the users' rows instead
      // (none for an admin who may not list users either: the users panel says so).
      const page = await api.report(state.realm, '/users', { max: 1000, sort: 'username' }).catch(e => {
        if (e.status === 403) return { users: [] };
        throw e;
      });
      for (const u of page.users) {
        for (const path of u.groups) {
          const parts = path.split('/').filter(Boolean);
          for (let i = 1; i <= parts.length; i++) paths.add('/' + parts.slice(0, i).join('/'));
        }
      }
    }
    const select = byTestId('users-group');
    const keep = this.query.group;
    select.replaceChildren(el('option', { value: '', text: 'All groups' }),
      ...[...paths].sort().map(p => el('option', { value: p, text: p })));
    if (paths.has(keep)) {
      select.value = keep;
    } else {
      this.query.group = '';
    }
  }

  row(u) {
    const noLogin = !u.logins;
    return el('tr', {
      'data-testid': 'user-row', 'data-user-id': u.id, 'data-username': u.username,
      'data-logins': u.logins, class: noLogin ? 'no-login' : null,
    },
    // On a phone the rows become cards (CSS), each cell labelled by data-label.
    el('td', { 'data-col': 'firstName', 'data-label': 'First name' }, userLink(u.id, u.firstName || u.username, this.ctx.openUser),
      noLogin ? el('span', { class: 'visually-hidden', text: ' (no login in range)' }) : null),
    el('td', { 'data-col': 'lastName', 'data-label': 'Last name', text: u.lastName || '' }),
    el('td', { 'data-col': 'email', 'data-label': 'Email', text: u.email || '' }),
    el('td', { 'data-col': 'logins', 'data-label': 'Logins', class: 'num', text: formatNumber(u.logins) }),
    el('td', { 'data-col': 'lastLoginAt', 'data-label': 'Last login', class: 'nowrap', text: u.lastLoginAt ? shortDateTime(u.lastLoginAt) : 'Never' }),
    el('td', { 'data-col': 'actions', 'data-label': 'Actions', class: 'num', text: formatNumber(u.actions) }),
    el('td', { 'data-col': 'lastActionAt', 'data-label': 'Last action', class: 'nowrap', text: u.lastActionAt ? shortDateTime(u.lastActionAt) : '—' }),
    el('td', { 'data-col': 'groups', 'data-label': 'Groups' }, ...u.groups.map(groupChip)),
    el('td', { 'data-col': 'roles', 'data-label': 'Roles' }, ...u.roles.map(r => el('span', { class: 'chip role', text: r }))));
  }

  load() {
    const params = this.params();
    return this.panel.report(this.ctx, '/users', params, page => {
      this.table.dataset.sort = params.sort;
      this.table.dataset.order = params.order;
      this.table.querySelector('tbody').replaceChildren(
        ...(page.users.length ? page.users.map(u => this.row(u)) : [emptyRow(COLUMNS, 'No users match.')]));
      showPage('users', page.first, page.users.length, page.total);
    }, () => this.table.querySelector('tbody').replaceChildren());
  }
}
