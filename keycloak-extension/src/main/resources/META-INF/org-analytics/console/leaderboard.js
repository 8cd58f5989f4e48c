// Leaderboard: /leaderboard for this or last week, this or last month or custom days, by actions,
// logins or one action; a name opens the person's drill-down.
import { byTestId, el, emptyRow, exportButton, formatNumber, Panel, personName, userLink } from './dom.js';

const LIMIT = 10;

export class LeaderboardPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.errorEl = byTestId('leaderboard-error');
    this.panel = new Panel(byTestId('leaderboard'), this.errorEl, ctx.onError);
    this.period = byTestId('leaderboard-period');
    this.metric = byTestId('leaderboard-metric');
    byTestId('leaderboard-filters').addEventListener('submit', e => {
      e.preventDefault();
      this.load();
    });
    this.custom = [...document.querySelectorAll('.leaderboard-custom')];
    this.period.addEventListener('change', () => {
      const custom = this.period.value === 'custom';
      this.custom.forEach(f => { f.hidden = !custom; });
      if (!custom) {
        this.load();
        return;
      }
      // Starts from the page's range; Apply asks for it.
      byTestId('leaderboard-from').value = byTestId('leaderboard-from').value || ctx.state.from;
      byTestId('leaderboard-to').value = byTestId('leaderboard-to').value || ctx.state.to;
      byTestId('leaderboard-from').focus();
    });
    this.metric.addEventListener('change', () => this.load());
    exportButton(byTestId('export-leaderboard'), this.errorEl, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/leaderboard', this.params()));
  }

  params() {
    // Its own periods instead of the page's range; the organization (members now) as on every report.
    const { tz, organization } = this.ctx.state;
    const custom = this.period.value === 'custom';
    return {
      period: this.period.value, metric: this.metric.value, tz, organization, limit: LIMIT,
      from: custom ? byTestId('leaderboard-from').value : undefined, to: custom ? byTestId('leaderboard-to').value : undefined,
    };
  }

  /** Offers "by <action>" for the names given (catalogued first, at most the cap), keeping the current choice. */
  setActionNames(names) {
    const current = this.metric.value;
    const all = new Set(names);
    if (!['actions', 'logins'].includes(current)) all.add(current);
    this.metric.replaceChildren(
      el('option', { value: 'actions', text: 'Actions' }),
      el('option', { value: 'logins', text: 'Logins' }),
      ...[...all].map(n => el('option', { value: n, text: `Action: ${n}` })));
    this.metric.value = current;
  }

  load() {
    return this.panel.report(this.ctx, '/leaderboard', this.params(), board => {
      const rows = board.entries.map(e => el('tr', {
        'data-testid': 'leader-row', 'data-username': e.username, 'data-rank': e.rank, 'data-score': e.score,
      },
      el('td', { 'data-label': 'Rank', class: 'num rank', text: String(e.rank) }),
      el('td', { 'data-label': 'Name' },
        // The totals role gets no user id: nothing to open then.
        e.userId ? userLink(e.userId, personName(e), this.ctx.openUser) : el('span', { class: 'name', text: personName(e) }),
        el('span', { class: 'muted small', text: ` ${e.username}` })),
      el('td', { 'data-label': 'Email', text: e.email || '' }),
      el('td', { 'data-label': 'Score', class: 'num', text: formatNumber(e.score) })));
      byTestId('leaderboard-table').querySelector('tbody')
        .replaceChildren(...(rows.length ? rows : [emptyRow(4, 'Nobody scored in this period yet.')]));
    }, () => byTestId('leaderboard-table').querySelector('tbody').replaceChildren());
  }
}
