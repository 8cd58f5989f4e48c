// The page's organization filter: a menu in the header, shown for realms that have organizations,
// and the line above the reports that says which one is shown. The choice is kept in the URL's
// fragment (#organization=<alias>), so a reload or a shared link shows the same organization.
import { ApiError } from './api.js';
import { byTestId, el } from './dom.js';

/** Organizations the menu offers, by name; the Organizations panel's search reaches the others. */
export const MENU = 100;
const KEY = 'organization';

/** The organization (alias or id) the URL's fragment names, or ''. */
export function organizationInHash(hash = window.location.hash) {
  return new URLSearchParams(hash.replace(/^#/, '')).get(KEY) || '';
}

export class OrganizationFilter {
  /** {@code onChange()} is called after the admin chose another organization (or all). */
  constructor(ctx, onChange) {
    this.ctx = ctx;
    this.onChange = onChange;
    this.field = byTestId('org-filter-field');
    this.select = byTestId('org-filter');
    this.note = byTestId('org-filter-note');
    this.scope = byTestId('org-scope');
    this.scopeText = byTestId('org-scope-text');
    this.listed = []; // [{id, alias, name}] of the menu
    this.chosen = null;
    this.opened = 0;
    this.select.addEventListener('change', () => {
      this.choose(this.listed.find(o => o.alias === this.select.value) || this.chosenIf(this.select.value));
    });
    byTestId('org-scope-clear').addEventListener('click', () => this.choose(null));
    // Someone edits the fragment by hand, or follows a link to another organization in this tab.
    window.addEventListener('hashchange', async () => {
      const wanted = organizationInHash();
      if (wanted === (this.chosen ? this.chosen.alias : '')) return;
      try {
        const org = wanted ? await this.find(wanted) : null;
        this.show(org, org ? '' : wanted);
        this.onChange();
      } catch (err) {
        this.ctx.onError(err);
      }
    });
  }

  chosenIf(alias) {
    return this.chosen && this.chosen.alias === alias ? this.chosen : null;
  }

  /**
   * Loads the menu of the realm on display and resolves {@code wanted} (an alias or id, '' for all).
   * The page's filter is cleared at once, before the menu arrives, so no report of a new realm is
   * asked for another realm's organization. The menu stays hidden when the realm has none, or when
   * the admin may not read the organizations report.
   */
  async open(wanted) {
    const ask = ++this.opened;
    this.chosen = null;
    this.ctx.state.organization = '';
    this.listed = [];
    this.field.hidden = true;
    this.scope.hidden = true;
    let page;
    try {
      page = await this.ctx.api.report(this.ctx.state.realm, '/organizations', {
        // Only the names are needed: one day's numbers are the cheapest to compute.
        from: this.ctx.state.to, to: this.ctx.state.to, tz: this.ctx.state.tz,
        sort: 'name', order: 'asc', max: MENU, columns: 'id,alias,name',
      });
    } catch (err) {
      if (ask === this.opened) this.ctx.onError(err);
      return;
    }
    if (ask !== this.opened) return; // another realm was picked meanwhile
    this.listed = page.organizations;
    this.field.hidden = page.total === 0;
    this.note.textContent = page.total > MENU ? `The first ${MENU} by name; search the Organizations panel for the others.` : '';
    const org = wanted && page.total > 0 ? await this.find(wanted) : null;
    if (ask !== this.opened) return;
    this.show(org, org ? '' : wanted);
  }

  /** {id, alias, name} of the realm's organization with this alias or id; null when it has none such. */
  async find(idOrAlias) {
    const known = this.listed.find(o => o.alias === idOrAlias || o.id === idOrAlias);
    if (known) return known;
    const { api, state } = this.ctx;
    try {
      const o = await api.report(state.realm, `/organizations/${encodeURIComponent(idOrAlias)}`,
        { from: state.to, to: state.to, tz: state.tz });
      return { id: o.id, alias: o.alias, name: o.name };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  }

  /** Filters the page by {@code org} ({id, alias, name}; null for every organization) and reloads it. */
  choose(org) {
    this.show(org, '');
    this.onChange();
  }

  /** Shows {@code org} as the page's filter, in the menu, the scope line and the URL; {@code missing} names one that was not found. */
  show(org, missing = '') {
    this.chosen = org;
    this.ctx.state.organization = org ? org.alias : '';
    const options = org && !this.listed.some(o => o.id === org.id) ? [...this.listed, org] : this.listed;
    this.select.replaceChildren(el('option', { value: '', text: 'All organizations' }),
      ...options.map(o => el('option', { value: o.alias, text: o.name })));
    this.select.value = org ? org.alias : '';
    this.scope.hidden = !org && !missing;
    byTestId('org-scope-clear').hidden = !org;
    this.scopeText.textContent = org
      ? `Organization ${org.name}: people are its members now; logins and actions those attributed to it.`
      : missing ? `No organization '${missing}' in this realm: showing all of it.` : '';
    this.scope.dataset.organization = org ? org.alias : '';
    const fragment = org ? `#${KEY}=${encodeURIComponent(org.alias)}` : '';
    if (window.location.hash !== fragment) {
      window.history.replaceState(null, '', window.location.pathname + window.location.search + fragment);
    }
  }
}
