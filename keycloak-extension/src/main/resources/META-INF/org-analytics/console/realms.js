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

  /** Picks the saved realm when the admin may still view it, else the first realm that is not master. */
  async open(saved) {
    let first = saved ? (await this.find(saved)).find(r => r.name === saved) : undefined;
    const page = await this.find('');
    first = first || page.find(r => r.name !== 'master') || page[0];
    if (!first) throw new Error('You may not view any realm.');
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
    // The realm on display stays selectable even when the search does not match it.
    this.shown = page.some(r => r.name === this.current.name) ? page : [this.current, ...page];
    this.select.replaceChildren(...this.shown.map(r => el('option', { value: r.name, text: label(r) })));
    this.select.value = this.current.name;
    this.select.dataset.matches = String(page.length);
    this.note.textContent = page.length === 0 ? 'No realm matches.'
      : more ? `First ${PAGE} matches: type more of the name.` : '';
  }

  pick(realm) {
    if (!realm || realm.name === this.current.name) return;
    this.current = realm;
    this.select.value = realm.name;
    this.onPick(realm);
  }
}

export function label(realm) {
  return realm.displayName && realm.displayName !== realm.name ? `${realm.displayName} (${realm.name})` : realm.name;
}
