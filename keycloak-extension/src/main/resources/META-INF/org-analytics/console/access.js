// What the signed-in admin may read, learnt from the reports' own answers: a panel the API refuses
// (403) shows one quiet line saying which right it needs, and when even the most open reports are
// refused the page says so once, on one screen, instead of six panels of the same error.

const TOTALS = 'view-org-analytics, view-org-analytics-totals or view-users';
const PEOPLE = 'view-org-analytics or view-users';
const EVENTS = 'view-org-analytics or view-events';

/** The rights each panel's report asks for (see ReportPermissions and the README's Permissions). */
const NEEDS = {
  summary: TOTALS, usage: TOTALS, leaderboard: TOTALS, organizations: TOTALS,
  users: PEOPLE, stalled: PEOPLE, dormant: PEOPLE, 'user-detail': PEOPLE, funnel: PEOPLE, 'funnel-stopped': PEOPLE,
  actions: EVENTS, logins: EVENTS, 'user-recent-actions': EVENTS, 'user-recent-logins': EVENTS,
  catalog: `any of ${TOTALS}, view-events`,
};

/** The quiet line of a panel the admin may not read. */
export function deniedNote(panelId, realm) {
  return `Not shown: this needs ${NEEDS[panelId] || PEOPLE} in realm ${realm}.`;
}

/**
 * The catalog is readable with any report right, the summary and the organizations with any totals
 * right (an admin of some organizations reads the latter only): when all three are refused, nothing
 * on the page can be shown.
 */
const OPEN_PANELS = ['catalog', 'summary', 'organizations'];

export function seesNothing(statusOf) {
  return OPEN_PANELS.every(p => statusOf(p) === 'denied');
}

export function noAccessText(username, realm) {
  return `${username} may not read Org Analytics in realm ${realm}. Ask an administrator of the realm for `
    + 'the role view-org-analytics (every report), view-org-analytics-totals (the totals only), or view-users '
    + '(people) and view-events (login and action logs): client roles of realm-management.';
}
