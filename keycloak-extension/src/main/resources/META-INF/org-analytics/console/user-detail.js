// A person's drill-down, opened from a name anywhere on the page: their numbers and daily activity
// in the range (/users/{id}), actions by type, groups and roles, their recent actions and logins
// (/actions and /logins, which need view-events: a quiet note without it) and a link to the user in
// Keycloak's admin console.
import { byTestId, el, emptyRow, formatNumber, groupChip, Panel, personName } from './dom.js';
import { shortDateTime } from './dates.js';
import { scopeOf } from './api.js';

const RECENT = 10;
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** Logins and actions per day as two bars a day, with each day's numbers as attributes and a tooltip. */
function dailyChart(days) {
  const width = Math.max(280, days.length * 14);
  const height = 110;
  const peak = Math.max(1, ...days.map(d => Math.max(d.logins, d.actions)));
  const step = width / Math.max(1, days.length);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'daily', role: 'img', 'data-testid': 'user-daily',
    'aria-label': `Logins and actions per day, ${days.length} days` });
  days.forEach((d, i) => {
    const g = svg('g', { 'data-testid': 'user-day', 'data-date': d.date, 'data-logins': d.logins, 'data-actions': d.actions,
      'data-failed-logins': d.failedLogins });
    const bar = (value, offset, cls) => svg('rect', { class: cls, x: i * step + offset, width: Math.max(1, step / 2 - 1),
      y: height - 14 - (value / peak) * (height - 20), height: (value / peak) * (height - 20) });
    g.append(bar(d.actions, 0, 's-actions'), bar(d.logins, step / 2, 's-logins'));
    const title = svg('title');
    title.textContent = `${d.date}: ${d.logins} logins, ${d.actions} actions`;
    g.append(title);
    root.append(g);
  });
  const first = svg('text', { x: 0, y: height - 2, class: 'axis-label' });
  first.textContent = days.length ? days[0].date : '';
  const last = svg('text', { x: width, y: height - 2, 'text-anchor': 'end', class: 'axis-label' });
  last.textContent = days.length ? days[days.length - 1].date : '';
  root.append(first, last);
  return root;
}

export class UserDetail {
  /** {@code signInRealm}: the realm the admin signed in to, whose admin console the link opens. */
  constructor(ctx, serverBase, signInRealm) {
    this.ctx = ctx;
    this.serverBase = serverBase;
    this.signInRealm = signInRealm;
    this.dialog = byTestId('user-detail');
    this.panel = new Panel(this.dialog, byTestId('user-detail-error'), () => {});
    this.actions = new Panel(byTestId('user-recent-actions'), byTestId('user-recent-actions-error'), () => {});
    this.logins = new Panel(byTestId('user-recent-logins'), byTestId('user-recent-logins-error'), () => {});
    byTestId('user-detail-close').addEventListener('click', () => this.dialog.close());
    // A click on the backdrop (outside the dialog's box) closes it too; Escape does by itself.
    this.dialog.addEventListener('click', e => {
      const r = this.dialog.getBoundingClientRect();
      const outside = e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom;
      if (e.target === this.dialog && outside) this.dialog.close();
    });
  }

  /** Opens the drill-down of {@code userId} for the page's range, zone and organization. */
  open(userId) {
    this.userId = userId;
    this.dialog.dataset.userId = userId;
    byTestId('user-detail-name').textContent = 'Loading…';
    byTestId('user-detail-sub').textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
    const { state, api } = this.ctx;
    const scope = scopeOf(state);
    const realm = state.realm;
    const admin = `${this.serverBase}/admin/${encodeURIComponent(this.signInRealm)}/console/#/${encodeURIComponent(realm)}`
      + `/users/${encodeURIComponent(userId)}/settings`;
    byTestId('user-detail-admin-link').href = admin;
    const user = encodeURIComponent(userId);
    this.actions.realm = realm;
    this.logins.realm = realm;
    return Promise.all([
      this.panel.report(this.ctx, `/users/${user}`, scope, u => this.show(u), () => this.show(null)),
      this.actions.run(async () => {
        const page = await api.report(realm, '/actions', { ...scope, organization: undefined, user: userId, max: RECENT });
        return () => this.recentActions(page);
      }, () => byTestId('user-recent-actions-table').querySelector('tbody').replaceChildren()),
      this.logins.run(async () => {
        const page = await api.report(realm, '/logins', { ...scope, organization: undefined, user: userId, max: RECENT });
        return () => this.recentLogins(page);
      }, () => byTestId('user-recent-logins-table').querySelector('tbody').replaceChildren()),
    ]);
  }

  show(u) {
    byTestId('user-detail-name').textContent = u ? personName(u) : '';
    byTestId('user-detail-sub').textContent = u ? [u.username, u.email, u.enabled ? null : 'disabled'].filter(Boolean).join(' · ') : '';
    for (const key of ['logins', 'failedLogins', 'actions']) {
      const v = byTestId(`user-detail-${key}`);
      v.dataset.value = u ? String(u[key]) : '';
      v.textContent = u ? formatNumber(u[key]) : '—';
    }
    byTestId('user-detail-lastLoginAt').textContent = u && u.lastLoginAt ? shortDateTime(u.lastLoginAt) : 'Never';
    byTestId('user-detail-lastActionAt').textContent = u && u.lastActionAt ? shortDateTime(u.lastActionAt) : 'Never';
    byTestId('user-detail-daily').replaceChildren(...(u ? [dailyChart(u.daily)] : []));
    const byType = u ? Object.entries(u.actionsByType || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) : [];
    byTestId('user-by-type').querySelector('tbody').replaceChildren(...(byType.length
      ? byType.map(([name, count]) => el('tr', { 'data-testid': 'user-by-type-row', 'data-action': name, 'data-count': count },
        el('td', {}, el('code', { class: 'action', text: name })), el('td', { class: 'num', text: formatNumber(count) })))
      : [emptyRow(2, 'No actions in the range.')]));
    byTestId('user-detail-groups').replaceChildren(...(u && u.groups.length ? u.groups.map(groupChip)
      : [el('span', { class: 'muted', text: 'No group' })]));
    byTestId('user-detail-roles').replaceChildren(...(u && u.roles.length
      ? u.roles.map(r => el('span', { class: 'chip role', 'data-role': r, text: r }))
      : [el('span', { class: 'muted', text: 'No realm role' })]));
  }

  recentActions(page) {
    byTestId('user-recent-actions-table').querySelector('tbody').replaceChildren(...(page.actions.length
      ? page.actions.map(a => el('tr', { 'data-testid': 'user-recent-action', 'data-id': a.id, 'data-action': a.action },
        el('td', { class: 'nowrap', 'data-label': 'Time', text: shortDateTime(a.occurredAt) }),
        el('td', { 'data-label': 'Action' }, el('code', { class: 'action', text: a.action })),
        el('td', { 'data-label': 'Client', text: a.clientId || '' }),
        el('td', { 'data-label': 'Target', text: a.target ? a.target.name || a.target.id || '' : '' })))
      : [emptyRow(4, 'No actions in the range.')]));
    byTestId('user-recent-actions-total').textContent = page.total > page.actions.length
      ? `The latest ${page.actions.length} of ${formatNumber(page.total)}.` : '';
  }

  recentLogins(page) {
    byTestId('user-recent-logins-table').querySelector('tbody').replaceChildren(...(page.logins.length
      ? page.logins.map(l => el('tr', { 'data-testid': 'user-recent-login', 'data-outcome': l.outcome, class: l.outcome === 'failure' ? 'failed' : null },
        el('td', { class: 'nowrap', 'data-label': 'Time', text: shortDateTime(l.time) }),
        el('td', { 'data-label': 'Outcome', text: l.outcome === 'failure' ? `Failed: ${l.error || 'unknown'}` : 'Signed in' }),
        el('td', { 'data-label': 'Client', text: l.clientId || '' }),
        el('td', { 'data-label': 'IP', text: l.ipAddress || '' })))
      : [emptyRow(4, 'No logins in the range.')]));
    byTestId('user-recent-logins-total').textContent = page.total > page.logins.length
      ? `The latest ${page.logins.length} of ${formatNumber(page.total)}.` : '';
  }
}
