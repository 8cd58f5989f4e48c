// Funnel: where people drop off between steps (/insights/funnel). The steps come from the realm's
// action names (the summary's, catalogued first); each step shows its users as a bar with its
// conversion from the first step and from the previous one. "stopped here" lists who reached a
// step but not the next (stoppedAt, paged, with Export CSV of exactly that list); a name opens the
// drill-down.
import { byTestId, el, emptyRow, exportButton, formatNumber, pagerButtons, Panel, personName, showPage, userLink } from './dom.js';
import { shortDateTime } from './dates.js';
import { scopeOf } from './api.js';

/** The API's limits (FunnelReport.MIN_STEPS, MAX_STEPS, MAX_WINDOW_DAYS). */
export const MIN_STEPS = 2;
export const MAX_STEPS = 10;
const MAX_WINDOW_DAYS = 365;
const PAGE = 10;
/** The recruiting funnel, when the realm has those names; else its first catalogued names. */
const USUAL = ['job_posted', 'profile_viewed', 'interview_scheduled'];
const DEFAULT_COUNT = 3;
const NS = 'http://www.w3.org/2000/svg';

/** The steps to start with: the usual ones when all are there, else the first names (at most three). */
export function defaultSteps(names) {
  if (USUAL.every(n => names.includes(n))) return [...USUAL];
  return names.slice(0, DEFAULT_COUNT);
}

/** "67%" for 2/3; one decimal below 10% so a small step does not read as 0%. */
export function percent(share) {
  const p = share * 100;
  if (p > 0 && p < 10) return `${(Math.round(p * 10) / 10).toLocaleString()}%`;
  return `${Math.round(p)}%`;
}

/** A horizontal bar for {@code share} (0..1) of the width: SVG, since the page allows no inline styles. */
function bar(share) {
  const root = document.createElementNS(NS, 'svg');
  root.setAttribute('class', 'funnel-bar');
  root.setAttribute('viewBox', '0 0 100 10');
  root.setAttribute('preserveAspectRatio', 'none');
  root.setAttribute('aria-hidden', 'true');
  const track = document.createElementNS(NS, 'rect');
  track.setAttribute('class', 'funnel-track');
  Object.entries({ x: 0, y: 0, width: 100, height: 10 }).forEach(([k, v]) => track.setAttribute(k, v));
  const fill = document.createElementNS(NS, 'rect');
  fill.setAttribute('class', 'funnel-fill');
  Object.entries({ x: 0, y: 0, width: Math.max(0, Math.min(100, share * 100)), height: 10 }).forEach(([k, v]) => fill.setAttribute(k, v));
  root.append(track, fill);
  return root;
}

export class FunnelPanel {
  constructor(ctx) {
    this.ctx = ctx;
    this.names = [];
    this.steps = [];
    this.stepsRealm = null;
    // The step whose stopped list is open, and its page.
    this.stoppedAt = null;
    this.stoppedFirst = 0;
    this.errorEl = byTestId('funnel-error');
    this.stoppedErr = byTestId('funnel-stopped-error');
    this.panel = new Panel(byTestId('funnel'), this.errorEl, ctx.onError);
    this.stopped = new Panel(byTestId('funnel-stopped'), this.stoppedErr, ctx.onError);
    this.window = byTestId('funnel-window');
    this.stepList = byTestId('funnel-steps');
    this.addButton = byTestId('funnel-add-step');
    byTestId('funnel-filters').addEventListener('submit', e => {
      e.preventDefault();
      this.load();
    });
    this.window.addEventListener('change', () => this.load());
    this.addButton.addEventListener('click', () => {
      const next = this.names.find(n => !this.steps.includes(n));
      if (!next || this.steps.length >= MAX_STEPS) return;
      this.steps.push(next);
      this.changed();
    });
    byTestId('funnel-stopped-close').addEventListener('click', () => this.closeStopped());
    pagerButtons('funnel-stopped', PAGE, step => {
      this.stoppedFirst = Math.max(0, this.stoppedFirst + step);
      this.loadStopped();
    });
    exportButton(byTestId('export-funnel'), this.errorEl, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/insights/funnel', this.params()));
    exportButton(byTestId('export-funnel-stopped'), this.stoppedErr, () => ctx.state.realm,
      () => ctx.api.download(ctx.state.realm, '/insights/funnel', this.stoppedParams({ first: undefined, max: undefined })));
  }

  params(overrides = {}) {
    return { ...scopeOf(this.ctx.state), steps: this.steps.join(','), windowDays: this.windowDays(), ...overrides };
  }

  stoppedParams(overrides = {}) {
    return this.params({ stoppedAt: this.stoppedAt, first: this.stoppedFirst, max: PAGE, ...overrides });
  }

  /** The window as typed: the API says what is wrong with a value outside 1 to 365. */
  windowDays() {
    return this.window.value.trim() || '14';
  }

  /**
   * The names of the range (catalogued first). Steps chosen are kept, as the other menus keep their
   * choice, even when the range did not record them (a quiet month asks the same funnel and counts 0);
   * the defaults only while there are fewer than two steps.
   */
  setActionNames(names) {
    this.names = names;
    if (this.stepsRealm !== this.ctx.state.realm) {
      // Another realm (a master admin's picker): its own names, its own defaults.
      this.stepsRealm = this.ctx.state.realm;
      this.steps = [];
      this.closeStopped();
    }
    if (this.steps.length < MIN_STEPS) this.steps = defaultSteps(names);
    this.drawEditor();
  }

  /** The steps changed: redraw the editor and ask again. */
  changed() {
    this.drawEditor();
    this.load();
  }

  move(index, by) {
    const to = index + by;
    if (to < 0 || to >= this.steps.length) return;
    [this.steps[index], this.steps[to]] = [this.steps[to], this.steps[index]];
    this.changed();
  }

  /** One row per step: its action (names used by other steps disabled), up, down and remove. */
  drawEditor() {
    const n = this.steps.length;
    const offered = [...new Set([...this.names, ...this.steps])];
    this.stepList.replaceChildren(...this.steps.map((step, i) => {
      const select = el('select', { 'data-testid': 'funnel-step-select', 'aria-label': `Step ${i + 1}` },
        ...offered.map(name => el('option', { value: name, text: name, disabled: name !== step && this.steps.includes(name) })));
      select.value = step;
      select.addEventListener('change', () => {
        this.steps[i] = select.value;
        this.changed();
      });
      const button = (testId, text, label, disabled, onClick) => {
        const b = el('button', { type: 'button', class: 'secondary icon', 'data-testid': testId, 'aria-label': label, title: label, text, disabled });
        b.addEventListener('click', onClick);
        return b;
      };
      return el('li', { class: 'funnel-edit', 'data-testid': 'funnel-step-edit', 'data-action': step },
        el('span', { class: 'step-no', 'aria-hidden': 'true', text: String(i + 1) }), select,
        button('funnel-step-up', '↑', `Move step ${i + 1} up`, i === 0, () => this.move(i, -1)),
        button('funnel-step-down', '↓', `Move step ${i + 1} down`, i === n - 1, () => this.move(i, 1)),
        button('funnel-step-remove', '✕', `Remove step ${i + 1}`, n <= MIN_STEPS, () => {
          this.steps.splice(i, 1);
          this.changed();
        }));
    }));
    this.addButton.disabled = n >= MAX_STEPS || this.names.every(name => this.steps.includes(name));
    byTestId('funnel-limits').textContent = `${MIN_STEPS} to ${MAX_STEPS} steps, each action once; window 1 to ${MAX_WINDOW_DAYS} days.`;
  }

  load() {
    const list = byTestId('funnel-bars');
    if (this.steps.length < MIN_STEPS) {
      // Nothing to follow before two action names were recorded: no question to ask the API.
      this.closeStopped();
      return this.panel.run(async () => () => list.replaceChildren(
        el('li', { class: 'empty muted', text: 'Needs two action names; fewer were recorded.' })));
    }
    const params = this.params();
    return this.panel.report(this.ctx, '/insights/funnel', params, answer => {
      const steps = answer.steps;
      const rows = steps.map((s, i) => {
        const previous = i === 0 ? null : steps[i - 1].users;
        // From the previous step: the API gives the share of step 1; the step before is this page's arithmetic.
        const fromPrevious = i === 0 ? 1 : previous === 0 ? 0 : s.users / previous;
        const stopped = i < steps.length - 1 ? s.users - steps[i + 1].users : null;
        const open = el('button', { type: 'button', class: 'link', 'data-testid': 'funnel-stopped-open', 'data-action': s.action,
          'aria-pressed': String(this.stoppedAt === s.action), text: `${formatNumber(stopped)} stopped here` });
        open.addEventListener('click', () => this.openStopped(s.action));
        return el('li', {
          class: 'funnel-step', 'data-testid': 'funnel-step', 'data-action': s.action, 'data-users': s.users,
          'data-conversion': s.conversion, 'data-from-previous': fromPrevious, 'data-stopped': stopped ?? '',
        },
        el('div', { class: 'funnel-step-head' },
          el('span', { class: 'step-no', text: String(i + 1) }),
          el('code', { class: 'action', text: s.action }),
          el('span', { class: 'funnel-users', 'data-testid': 'funnel-users', text: `${formatNumber(s.users)} users` })),
        bar(s.conversion),
        el('div', { class: 'funnel-rates muted small' },
          el('span', { 'data-testid': 'funnel-conversion', text: i === 0 ? 'started' : `${percent(s.conversion)} of step 1` }),
          // Step 2's previous step is step 1: its one share is already said.
          i < 2 ? null : el('span', { 'data-testid': 'funnel-from-previous', text: ` · ${percent(fromPrevious)} of step ${i}` }),
          stopped === null ? null : el('span', { text: ' · ' }), stopped === null ? null : open));
      });
      list.replaceChildren(...rows);
      byTestId('funnel-note').textContent = `Users who did ${steps[0].action} in the range, then each step in order within`
        + ` ${answer.windowDays} days of it.`;
    }, () => list.replaceChildren()).then(() => {
      // The open list follows the question: asked again while its step is still one that has a next.
      if (this.stoppedAt === null) return undefined;
      const index = this.steps.indexOf(this.stoppedAt);
      if (index < 0 || index === this.steps.length - 1) {
        this.closeStopped();
        return undefined;
      }
      this.stoppedFirst = 0;
      return this.loadStopped();
    });
  }

  openStopped(action) {
    this.stoppedAt = action;
    this.stoppedFirst = 0;
    byTestId('funnel-stopped').hidden = false;
    document.querySelectorAll('[data-testid="funnel-stopped-open"]').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.action === action)));
    return this.loadStopped();
  }

  closeStopped() {
    this.stoppedAt = null;
    byTestId('funnel-stopped').hidden = true;
    document.querySelectorAll('[data-testid="funnel-stopped-open"]').forEach(b => b.setAttribute('aria-pressed', 'false'));
  }

  loadStopped() {
    const tbody = byTestId('funnel-stopped-table').querySelector('tbody');
    const params = this.stoppedParams();
    byTestId('funnel-stopped-title').textContent = `Stopped at ${params.stoppedAt}`;
    return this.stopped.report(this.ctx, '/insights/funnel', params, page => {
      const next = this.steps[this.steps.indexOf(page.stoppedAt) + 1];
      tbody.replaceChildren(...(page.users.length ? page.users.map(u => el('tr', {
        'data-testid': 'funnel-stopped-row', 'data-username': u.username, 'data-user-id': u.userId },
      el('td', { 'data-label': 'Name' }, userLink(u.userId, personName(u), this.ctx.openUser)),
      el('td', { 'data-label': 'Email', text: u.email || '' }),
      el('td', { 'data-label': 'Started', class: 'nowrap', text: shortDateTime(u.startedAt) }),
      el('td', { 'data-label': `Reached ${page.stoppedAt}`, class: 'nowrap', text: shortDateTime(u.reachedAt) })))
        : [emptyRow(4, `Everyone who reached ${page.stoppedAt} went on to ${next}.`)]));
      showPage('funnel-stopped', page.first, page.users.length, page.total);
    }, () => tbody.replaceChildren());
  }
}
