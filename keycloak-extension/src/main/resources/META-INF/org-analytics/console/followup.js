// Follow-up: who to talk to. Stalled users (/insights/stalled: did one action at least `min` times
// in the range but another never) and dormant users (/insights/dormant: no login and no action in
// the last N days), each with Export CSV; a name opens the drill-down.
import { byTestId, el, emptyRow, exportButton, formatNumber, groupChip, pagerButtons, Panel, personName, showPage, userLink } from './dom.js';
import { shortDateTime } from './dates.js';
import { scopeOf } from './api.js';

const PAGE = 10;
/** The recruiting funnel's usual question ("viewed profiles, scheduled no interview"), when the realm has those names. */
const USUAL = ['profile_viewed', 'interview_scheduled'];

export class FollowUpPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.names = [];
    this.did = byTestId('stalled-did');
    this.without = byTestId('stalled-without');
    this.min = byTestId('stalled-min');
    this.days = byTestId('dormant-days');
    this.dormantFirst = 0;
    this.stalledErr = byTestId('stalled-error');
    this.dormantErr = byTestId('dormant-error');
    this.stalled = new Panel(byTestId('stalled'), this.stalledErr, ctx.onError);
    this.dormant = new Panel(byTestId('dormant'), this.dormantErr, ctx.onError);
    byTestId('stalled-filters').addEventListener('submit', e => {
      e.preventDefault();
      this.loadStalled();
    });
    this.did.addEventListener('change', () => this.loadStalled());
    this.without.addEventListener('change', () => this.loadStalled());
    this.days.addEventListener('change', () => {
      this.dormantFirst = 0;
      this.loadDormant();
    });
    pagerButtons('dormant', PAGE, step => {
      this.dormantFirst = Math.max(0, this.dormantFirst + step);
      this.loadDormant();
    });
    exportButton(byTestId('export-stalled'), this.stalledErr, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/insights/stalled', this.stalledParams({ max: undefined })));
    exportButton(byTestId('export-dormant'), this.dormantErr, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/insights/dormant', this.dormantParams({ first: undefined, max: undefined })));
  }

  /** The realm's action names (catalogued first): both menus offer them, keeping a choice made. */
  setActionNames(names) {
    this.names = names;
    const fill = (select, preferred) => {
      const current = select.value;
      select.replaceChildren(...names.map(n => el('option', { value: n, text: n })));
      select.value = names.includes(current) ? current : preferred;
    };
    const [did, without] = USUAL.every(n => names.includes(n)) ? USUAL : names;
    fill(this.did, did);
    fill(this.without, without);
  }

  stalledParams(overrides = {}) {
    return { ...scopeOf(this.ctx.state), did: this.did.value, without: this.without.value,
      min: this.min.value || '1', first: 0, max: PAGE, ...overrides };
  }

  dormantParams(overrides = {}) {
    const { tz, organization } = this.ctx.state;
    return { days: this.days.value, tz, organization, first: this.dormantFirst, max: PAGE, ...overrides };
  }

  load() {
    this.dormantFirst = 0;
    return Promise.all([this.loadStalled(), this.loadDormant()]);
  }

  loadStalled() {
    const tbody = byTestId('stalled-table').querySelector('tbody');
    if (this.names.length < 2) {
      // Nothing to compare before two action names were recorded: no question to ask the API.
      return this.stalled.run(async () => () => tbody.replaceChildren(emptyRow(4, 'Needs two action names; fewer were recorded.')));
    }
    const params = this.stalledParams();
    return this.stalled.report(this.ctx, '/insights/stalled', params, page => {
      tbody.replaceChildren(...(page.users.length ? page.users.map(u => el('tr', {
        'data-testid': 'stalled-row', 'data-username': u.username, 'data-count': u.didCount },
      el('td', { 'data-label': 'Name' }, userLink(u.userId, personName(u), this.ctx.openUser)),
      el('td', { 'data-label': 'Email', text: u.email || '' }),
      el('td', { 'data-label': `${params.did}`, class: 'num', text: formatNumber(u.didCount) }),
      el('td', { 'data-label': 'Last active', class: 'nowrap', text: u.lastActiveAt ? shortDateTime(u.lastActiveAt) : '—' })))
        : [emptyRow(4, `Nobody did ${params.did} ${params.min} or more times without ${params.without}.`)]));
      byTestId('stalled-did-head').textContent = params.did;
      byTestId('stalled-more').hidden = page.users.length < PAGE;
    }, () => tbody.replaceChildren());
  }

  loadDormant() {
    const tbody = byTestId('dormant-table').querySelector('tbody');
    return this.dormant.report(this.ctx, '/insights/dormant', this.dormantParams(), page => {
      tbody.replaceChildren(...(page.users.length ? page.users.map(u => el('tr', {
        'data-testid': 'dormant-row', 'data-username': u.username, 'data-never': String(u.neverLoggedIn) },
      el('td', { 'data-label': 'Name' }, userLink(u.id, personName(u), this.ctx.openUser),
        u.neverLoggedIn ? el('span', { class: 'badge dormant-badge', text: 'Never logged in' }) : null),
      el('td', { 'data-label': 'Email', text: u.email || '' }),
      el('td', { 'data-label': 'Last login', class: 'nowrap', text: u.lastLoginAt ? shortDateTime(u.lastLoginAt) : 'Never' }),
      el('td', { 'data-label': 'Last action', class: 'nowrap', text: u.lastActionAt ? shortDateTime(u.lastActionAt) : 'Never' }),
      el('td', { 'data-label': 'Groups' }, ...(u.groups || []).map(groupChip))))
        : [emptyRow(5, `Everyone was active in the last ${this.days.value} days.`)]));
      showPage('dormant', page.first, page.users.length, page.total);
    }, () => tbody.replaceChildren());
  }
}
