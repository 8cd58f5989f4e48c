// The Org Analytics page: signs the admin in, then loads every panel for the chosen realm, range,
// time zone and organization.
import { pageInfo, signIn, SessionExpired } from './oidc.js';
import { Api, ApiError } from './api.js';
import { browserZone, presetRange, rangeText, zones } from './dates.js';
import { byTestId, describeError, el } from './dom.js';
import { SummaryPanel } from './summary.js';
import { UsagePanel } from './usage.js';
import { UsersPanel } from './users.js';
import { LeaderboardPanel } from './leaderboard.js';
import { ActionsPanel } from './actions.js';
import { CatalogPanel } from './catalog.js';
import { OrganizationsPanel } from './organizations.js';
import { OrganizationFilter, organizationInHash } from './organization-filter.js';
import { RealmPicker } from './realms.js';
import { FollowUpPanel } from './followup.js';
import { LoginsPanel } from './logins.js';
import { FunnelPanel } from './funnel.js';
import { UserDetail } from './user-detail.js';
import { noAccessText, seesNothing } from './access.js';
import { autoRefresh } from './refresh.js';

const REALM_KEY = 'org-analytics.realm';
const body = document.body;

function showBanner(text, offerSignIn) {
  byTestId('banner-text').textContent = text;
  byTestId('sign-in-again').hidden = !offerSignIn;
  byTestId('banner').hidden = false;
}

function fail(text, offerSignIn) {
  byTestId('starting').hidden = true;
  showBanner(text, offerSignIn);
  body.dataset.state = 'error';
}

async function start() {
  let info;
  try {
    info = pageInfo();
  } catch (err) {
    fail(err.message, false);
    return;
  }
  byTestId('sign-in-again').addEventListener('click', () => {
    // A fresh page load starts a new sign-in (Keycloak may still have a session and answer at once).
    window.location.assign(info.pageUrl);
  });

  let session;
  try {
    session = await signIn(info);
  } catch (err) {
    fail(err.message, true);
    return;
  }
  session.onExpired(() => {
    showBanner('Your session expired — sign in again.', true);
    body.dataset.state = 'expired';
  });
  // Counted on the page so tests (and the curious) can see that tokens are renewed ahead of expiry.
  session.onRefreshed(n => { body.dataset.tokenRefreshes = String(n); });
  const api = new Api(session, info.serverBase);

  byTestId('signed-in-as').textContent = `Signed in as ${session.username}`;
  byTestId('account').hidden = false;
  byTestId('sign-out').addEventListener('click', () => session.signOut());

  // organization: the alias of the organization the page is filtered by, '' for the whole realm.
  const state = { realm: info.realm, preset: '30d', tz: browserZone(), from: '', to: '', organization: '' };
  Object.assign(state, presetRange(state.preset, state.tz));

  // A refused report (403) is said by its own panel, quietly (see access.js); the session's own
  // listener shows an expired session. Nothing else is page-wide.
  const onError = () => {};
  const ctx = {
    api, state, onError,
    onActionNames: names => {
      leaderboard.setActionNames(names);
      actions.setActionNames(names);
      followUp.setActionNames(names);
      funnel.setActionNames(names);
    },
    openUser: userId => detail.open(userId),
  };
  const summary = new SummaryPanel(ctx);
  const usage = new UsagePanel(ctx);
  const users = new UsersPanel(ctx);
  const leaderboard = new LeaderboardPanel(ctx);
  const actions = new ActionsPanel(ctx);
  const catalog = new CatalogPanel(ctx);
  const followUp = new FollowUpPanel(ctx);
  const logins = new LoginsPanel(ctx);
  const funnel = new FunnelPanel(ctx);
  const detail = new UserDetail(ctx, info.serverBase, info.realm);
  const filter = new OrganizationFilter(ctx, () => loadAll());
  const organizations = new OrganizationsPanel(ctx, org => {
    filter.choose(org);
    // The whole page changed: take the admin to the line that says what it shows now.
    byTestId('org-scope').focus();
  });

  const statusOf = id => byTestId(id).dataset.status;
  /** One screen instead of the reports when the admin may read none of them; the reports when they may. */
  const showAccess = () => {
    const none = seesNothing(statusOf);
    byTestId('no-access-text').textContent = none ? noAccessText(session.username, state.realm) : '';
    byTestId('no-access').hidden = !none;
    byTestId('main').hidden = none;
    // A master admin keeps the realm picker: another realm may be theirs to read.
    byTestId('range-form').hidden = none && info.realm !== 'master';
    if (none) body.dataset.state = 'forbidden';
    else if (body.dataset.state === 'forbidden') body.dataset.state = 'ready';
  };
  let restartTimer = () => {};
  const loadAll = async () => {
    restartTimer();
    byTestId('range-label').textContent = `${rangeText(state.from, state.to)} · ${state.tz}`;
    Object.assign(body.dataset, { realm: state.realm, from: state.from, to: state.to, tz: state.tz, organization: state.organization });
    await Promise.all([
      // The follow-up's menus and the funnel's steps need the action names the summary brings.
      summary.load().then(() => Promise.all([followUp.load(), funnel.load()])),
      usage.load(), organizations.load(), users.load(), leaderboard.load(), actions.load(), logins.reload(), catalog.load()]);
    showAccess();
  };
  /** The organization menu of the realm on display; the reports wait for it only when one is asked for. */
  const openFilter = wanted => {
    const opening = filter.open(wanted).catch(err => onError(err));
    return wanted ? opening : Promise.resolve();
  };
  const loadGroups = () => users.loadGroups().catch(err => onError(err));

  // Time zones and the date range.
  const tzSelect = byTestId('tz-select');
  tzSelect.replaceChildren(...zones().map(z => el('option', { value: z, text: z })));
  tzSelect.value = state.tz;
  const preset = byTestId('range-preset');
  const customFields = [...document.querySelectorAll('.custom-range')];
  const applyPreset = () => {
    const range = presetRange(state.preset, state.tz);
    if (range) Object.assign(state, range);
  };
  preset.addEventListener('change', () => {
    state.preset = preset.value;
    const custom = state.preset === 'custom';
    customFields.forEach(f => { f.hidden = !custom; });
    if (custom) {
      byTestId('range-from').value = state.from;
      byTestId('range-to').value = state.to;
      byTestId('range-from').focus();
      return;
    }
    applyPreset();
    loadAll();
  });
  byTestId('range-form').addEventListener('submit', e => {
    e.preventDefault();
    const from = byTestId('range-from').value;
    const to = byTestId('range-to').value;
    if (!from || !to) return;
    Object.assign(state, from <= to ? { from, to } : { from: to, to: from });
    loadAll();
  });
  tzSelect.addEventListener('change', () => {
    state.tz = tzSelect.value;
    applyPreset();
    loadAll();
  });
  byTestId('refresh').addEventListener('click', () => loadAll());
  restartTimer = autoRefresh(() => (body.dataset.state === 'choose-realm' ? Promise.resolve() : loadAll()));

  // The master realm's admins may look at any realm they may view, found by searching.
  if (info.realm === 'master') {
    const showName = realm => {
      byTestId('org-name').textContent = realm.displayName || realm.name;
      document.title = `${byTestId('org-name').textContent} · Org Analytics`;
    };
    let chosen = false;
    const picker = new RealmPicker(api, realm => {
      state.realm = realm.name;
      localStorage.setItem(REALM_KEY, state.realm);
      showName(realm);
      if (!chosen) {
        chosen = true;
        showReports();
      }
      loadGroups();
      // Organizations belong to one realm: another realm starts unfiltered.
      openFilter('');
      loadAll();
    });
    let first;
    try {
      first = await picker.open(localStorage.getItem(REALM_KEY));
    } catch (err) {
      byTestId('starting').hidden = true;
      if (err instanceof SessionExpired) return;
      fail(err instanceof ApiError ? describeError(err, info.realm) : err.message, err instanceof ApiError && err.status === 401);
      return;
    }
    byTestId('realm-picker-field').hidden = false;
    if (!first) {
      // No realm picked before in this browser (or no longer viewable): ask, rather than open
      // whichever realm Keycloak happens to list first.
      byTestId('starting').hidden = true;
      byTestId('range-form').hidden = false;
      byTestId('choose-realm').hidden = false;
      body.dataset.state = 'choose-realm';
      byTestId('realm-search').focus();
      return;
    }
    chosen = true;
    state.realm = first.name;
    showName(first);
  } else {
    document.title = `${byTestId('org-name').textContent} · Org Analytics`;
  }

  showReports();
  loadGroups();
  await openFilter(organizationInHash());
  await loadAll();
}

function showReports() {
  byTestId('starting').hidden = true;
  byTestId('choose-realm').hidden = true;
  byTestId('range-form').hidden = false;
  byTestId('main').hidden = false;
  body.dataset.state = 'ready';
}

start().catch(err => fail(`The page could not start: ${err.message || err}`, true));
