// Small DOM helpers shared by the panels.
import { ApiError } from './api.js';
import { SessionExpired } from './oidc.js';
import { deniedNote } from './access.js';

export const $ = (selector, root = document) => root.querySelector(selector);
export const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

/** Creates an element; {@code attrs} keys starting with "data" or "aria" become attributes, text is set safely. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c);
  }
  return node;
}

const numberFormat = new Intl.NumberFormat();
export const formatNumber = n => (n === null || n === undefined ? '—' : numberFormat.format(n));

export const GROUP_COLOURS = 10;

/** The same group always gets the same chip colour (FNV-1a of its path). */
export function groupColour(path) {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % GROUP_COLOURS;
}

export function groupChip(path) {
  return el('span', { class: `chip g${groupColour(path)}`, 'data-group': path, title: path, text: path.replace(/^\//, '') });
}

/** What to tell the admin about a failed call. */
export function describeError(err, realm) {
  if (err instanceof SessionExpired) return 'Your session expired — sign in again.';
  if (err instanceof ApiError) {
    if (err.status === 403) {
      return `You need the view-org-analytics role (or view-users/view-events) in realm ${realm} to see this.`;
    }
    if (err.status === 400) return `The request was refused: ${err.message}`;
    return `The server answered ${err.status}: ${err.message}`;
  }
  return `Could not load: ${err.message || err}`;
}

/**
 * One panel's loading state. {@code data-status} is loading, ready, error or denied (a 403: the
 * admin lacks the right; the panel keeps its heading and says which right in a quiet line); {@code data-generation}
 * counts finished loads, so a test (or a screen reader via aria-busy) can tell a fresh result from an
 * old one. Only the newest of overlapping loads is shown.
 */
export class Panel {
  constructor(root, errorEl, onError) {
    this.root = root;
    this.errorEl = errorEl;
    this.onError = onError;
    this.seq = 0;
    this.generation = 0;
    this.realm = '';
  }

  /** Loads one report of the realm being viewed and renders it; {@code clear} empties the panel after a failure. */
  report(ctx, path, params, render, clear) {
    this.realm = ctx.state.realm;
    return this.run(async () => {
      const data = await ctx.api.report(ctx.state.realm, path, params);
      return () => render(data);
    }, clear);
  }

  /** {@code load} resolves to a function that renders; {@code clear} empties the panel after a failure. */
  async run(load, clear) {
    const seq = ++this.seq;
    this.root.dataset.status = 'loading';
    this.root.setAttribute('aria-busy', 'true');
    try {
      const render = await load();
      if (seq !== this.seq) return;
      render();
      this.errorEl.hidden = true;
      this.errorEl.classList.remove('denied-note');
      this.errorEl.textContent = '';
      this.root.dataset.status = 'ready';
    } catch (err) {
      if (seq !== this.seq) return;
      // A refused report is no failure: the admin lacks a right, said once in a quiet line.
      const denied = err instanceof ApiError && err.status === 403;
      this.errorEl.textContent = denied ? deniedNote(this.root.dataset.testid, this.realm) : describeError(err, this.realm);
      this.errorEl.classList.toggle('denied-note', denied);
      this.errorEl.hidden = false;
      this.root.dataset.status = denied ? 'denied' : 'error';
      if (clear) clear();
      this.onError(err);
    } finally {
      if (seq === this.seq) {
        this.generation += 1;
        this.root.dataset.generation = String(this.generation);
        this.root.removeAttribute('aria-busy');
      }
    }
  }
}

/**
 * Marks which column a table is sorted by (aria-sort) and wires the header buttons. A column is
 * first sorted ascending, or descending when its header says {@code data-first-order="desc"}
 * (counts and times: the most first). Returns the function that repaints the marks, for a caller
 * that changes {@code current} itself.
 */
export function sortableHeaders(table, current, onSort) {
  const ths = [...table.querySelectorAll('th[data-sort]')];
  const paint = () => {
    for (const th of ths) {
      const key = th.dataset.sort;
      th.setAttribute('aria-sort', key === current.sort ? (current.order === 'desc' ? 'descending' : 'ascending') : 'none');
    }
  };
  for (const th of ths) {
    th.querySelector('button').addEventListener('click', () => {
      const key = th.dataset.sort;
      if (current.sort === key) {
        current.order = current.order === 'desc' ? 'asc' : 'desc';
      } else {
        current.sort = key;
        current.order = th.dataset.firstOrder === 'desc' ? 'desc' : 'asc';
      }
      paint();
      onSort();
    });
  }
  paint();
  return paint;
}

/**
 * Wires the search box and pager of the list named {@code prefix} ({@code <prefix>-search},
 * {@code -filters}, {@code -page-size}, {@code -prev}, {@code -next}) to {@code query}
 * ({search, first, max}): every change goes back to the first page, except Previous/Next, and
 * calls {@code load}. The search waits for a pause in typing, so one request goes per word, not per key.
 */
export function listControls(prefix, query, load) {
  let typing = null;
  byTestId(`${prefix}-search`).addEventListener('input', e => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      query.search = e.target.value.trim();
      query.first = 0;
      load();
    }, 300);
  });
  byTestId(`${prefix}-filters`).addEventListener('submit', e => e.preventDefault());
  byTestId(`${prefix}-page-size`).addEventListener('change', e => {
    query.max = Number(e.target.value);
    query.first = 0;
    load();
  });
  byTestId(`${prefix}-prev`).addEventListener('click', () => {
    query.first = Math.max(0, query.first - query.max);
    load();
  });
  byTestId(`${prefix}-next`).addEventListener('click', () => {
    query.first += query.max;
    load();
  });
}

/** Updates the "1–10 of 42" label and the Previous/Next buttons of the pager named {@code prefix}. */
export function showPage(prefix, first, count, total) {
  byTestId(`${prefix}-page-label`).textContent = total ? `${first + 1}–${first + count} of ${formatNumber(total)}` : 'No rows';
  byTestId(`${prefix}-prev`).disabled = first === 0;
  byTestId(`${prefix}-next`).disabled = first + count >= total;
}

/** "First Last", or the username when the user has no name. */
export const personName = p => [p.firstName, p.lastName].filter(Boolean).join(' ') || p.username || p.userId || '';

export function emptyRow(columns, text) {
  return el('tr', { class: 'empty' }, el('td', { colspan: columns, text }));
}

/**
 * An "Export CSV" button: downloads through {@code download()} (which resolves to the file name),
 * shows progress on the button and failures in {@code errorEl}.
 */
export function exportButton(button, errorEl, realmOf, download) {
  const label = button.textContent;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Exporting…';
    try {
      const name = await download();
      button.dataset.lastDownload = name;
    } catch (err) {
      errorEl.textContent = describeError(err, realmOf());
      errorEl.hidden = false;
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
}

/** A person's name as a button that opens their drill-down ({@code open(userId)}). */
export function userLink(userId, name, open) {
  const b = el('button', { type: 'button', class: 'link pick', 'data-testid': 'user-open', 'data-user-id': userId, text: name });
  b.addEventListener('click', () => open(userId));
  return b;
}

/** Wires the Previous/Next buttons of the pager named {@code prefix}: {@code move(-size)} or {@code move(size)}. */
export function pagerButtons(prefix, size, move) {
  byTestId(`${prefix}-prev`).addEventListener('click', () => move(-size));
  byTestId(`${prefix}-next`).addEventListener('click', () => move(size));
}
