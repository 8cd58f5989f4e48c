// The master admin's realm picker. A deployment has one realm per organization, so hundreds of
// realms: the picker never asks for all of them. It searches by name through the admin console's
// own paged listing (GET /admin/realms/master/ui-ext/realms/names?search=&first=&max=, Keycloak
// 26.4 and later; it lists exactly the realms GET /admin/realms would, by the same permissions)
// and shows one page of matches.
import { byTestId, el } from './dom.js';

export const PAGE = 20;
const NAMES = '/admin/realms/master/ui-ext/realms/names';

export class RealmPicker {
  constructor(api, onPick) {
    this.api = api;
    this.onPick = onPick;
    this.search = byTestId('realm-search');
    this.select = byTestId('realm-picker');
    this.note = byTestId('realm-picker-note');
    this.current = null; // { name, displayName }
    this.shown = [];
    this.asked = 0;
  }

  /** Up to PAGE + 1 realms whose name contains {@code text} (the extra one says there are more). */
  find(text) {
    return this.api.json(NAMES, { first: 0, max: PAGE + 1, search: text });
  }

  /**
   * Shows the first page of realms and answers the saved realm when the admin may still view it,
   * else null: then the admin is asked to pick one.
   */
  async open(saved) {
    const first = saved ? (await this.find(saved)).find(r => r.name === saved) || null : null;
    const page = await this.find('');
    if (!page.length) throw new Error('You may not view any realm.');
    this.current = first;
    this.show(page);
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.refine(), 250);
    });
    this.search.addEventListener('keydown', e => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      clearTimeout(this.timer);
      this.refine(true);
    });
    this.select.addEventListener('change', () => this.pick(this.shown.find(r => r.name === this.select.value)));
    return first;
  }

  /** Shows the matches of the search text; with {@code pickSingle}, one exact or single match is picked. */
  async refine(pickSingle) {
    const text = this.search.value.trim();
    const ask = ++this.asked;
    const found = await this.find(text);
    if (ask !== this.asked) return; // a later keystroke's answer wins
    this.show(found);
    if (pickSingle) {
      const only = found.length === 1 ? found[0] : found.find(r => r.name === text);
      if (only) this.pick(only);
    }
  }

  show(found) {
    const more = found.length > PAGE;
    const page = found.slice(0, PAGE);
    // The realm on display stays selectable even when the search does not match it; before the
    // first pick, the menu starts with a prompt.
    const current = this.current;
    this.shown = !current || page.some(r => r.name === current.name) ? page : [current, ...page];
    this.select.replaceChildren(...(current ? [] : [el('option', { value: '', text: 'Choose a realm…', disabled: true })]),
      ...this.shown.map(r => el('option', { value: r.name, text: label(r) })));
    this.select.value = current ? current.name : '';
    this.select.dataset.matches = String(page.length);
    this.note.textContent = page.length === 0 ? 'No realm matches.'
      : more ? `First ${PAGE} matches: type more of the name.` : '';
  }

  pick(realm) {
    if (!realm || (this.current && realm.name === this.current.name)) return;
    this.current = realm;
    this.select.value = realm.name;
    this.onPick(realm);
  }
}

export function label(realm) {
  return realm.displayName && realm.displayName !== realm.name ? `${realm.displayName} (${realm.name})` : realm.name;
}
