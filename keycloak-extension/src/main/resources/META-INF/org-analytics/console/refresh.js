// Keeps the page current while it is open: every few minutes it reloads every panel, skipping the
// turns when the tab is hidden and catching up as soon as it is shown again.

/** Five minutes; a test (or an operator) may set another number of seconds, at least 2, in localStorage. */
const KEY = 'org-analytics.refresh-seconds';
const DEFAULT_SECONDS = 300;

export function refreshSeconds(storage = window.localStorage) {
  const n = Number(storage.getItem(KEY));
  return Number.isFinite(n) && n >= 2 ? n : DEFAULT_SECONDS;
}

/** Calls {@code reload()} every interval while the page is visible; {@code body.dataset.autoRefreshes} counts them. */
export function autoRefresh(reload, body = document.body) {
  const ms = refreshSeconds() * 1000;
  let last = Date.now();
  let count = 0;
  body.dataset.refreshSeconds = String(ms / 1000);
  const tick = async () => {
    if (document.visibilityState === 'hidden' || Date.now() - last < ms - 50) return;
    last = Date.now();
    await reload();
    body.dataset.autoRefreshes = String(++count);
  };
  setInterval(tick, Math.min(ms, 30000));
  document.addEventListener('visibilitychange', tick);
  // A manual refresh restarts the wait.
  return () => { last = Date.now(); };
}
