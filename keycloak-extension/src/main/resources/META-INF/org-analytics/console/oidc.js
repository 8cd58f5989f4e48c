// Sign-in with Keycloak: authorization code flow with PKCE (S256) for the public client
// org-analytics-console. Tokens live in memory only; a reload signs in again silently through
// Keycloak's single sign-on session.

export const CLIENT_ID = 'org-analytics-console';
const PENDING_KEY = 'org-analytics.pending-sign-in';

/** Which Keycloak and realm this page belongs to, from its own address. */
export function pageInfo(location = window.location) {
  const m = location.pathname.match(/^(.*?)\/realms\/([^/]+)\/org-analytics\/console\//);
  if (!m) throw new Error('This page must be opened at /realms/{realm}/org-analytics/console/');
  const serverBase = location.origin + m[1];
  const realm = decodeURIComponent(m[2]);
  return {
    serverBase,
    realm,
    pageUrl: location.origin + m[0],
    oidcBase: `${serverBase}/realms/${encodeURIComponent(realm)}/protocol/openid-connect`,
  };
}

export class SessionExpired extends Error {
  constructor() { super('Your session expired — sign in again.'); this.name = 'SessionExpired'; }
}

function base64Url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function s256(text) {
  if (!crypto.subtle) {
    throw new Error('Secure sign-in needs HTTPS (or localhost): this browser offers no Web Crypto here.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64Url(new Uint8Array(digest));
}

function decodeJwt(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

/** Sends the browser to Keycloak's login page; returns a promise that never settles. */
export async function redirectToSignIn(info) {
  const verifier = randomString(48);
  const state = randomString(16);
  const nonce = randomString(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, nonce, hash: window.location.hash }));
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: info.pageUrl,
    response_type: 'code',
    response_mode: 'query',
    scope: 'openid',
    state,
    nonce,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256',
  });
  window.location.assign(`${info.oidcBase}/auth?${params}`);
  return new Promise(() => {});
}

async function tokenRequest(info, form) {
  const res = await fetch(`${info.oidcBase}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...form }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(body.error_description || body.error || `Token endpoint answered ${res.status}`);
    err.status = res.status;
    err.oauthError = body.error;
    throw err;
  }
  return body;
}

/**
 * Finishes a sign-in when Keycloak sent us back with a code, else starts one. Resolves to a
 * {@link Session}; rejects when Keycloak reported an error.
 */
export async function signIn(info) {
  const query = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  if (!query.has('state') || !pending) {
    return redirectToSignIn(info);
  }
  sessionStorage.removeItem(PENDING_KEY);
  // The code is single use: take it out of the address bar and history at once.
  window.history.replaceState(null, '', info.pageUrl + (pending.hash || ''));
  if (query.get('state') !== pending.state) {
    throw new Error('The sign-in answer did not match the request (state). Reload the page to sign in again.');
  }
  if (query.has('error')) {
    throw new Error(`Sign-in failed: ${query.get('error_description') || query.get('error')}`);
  }
  const tokens = await tokenRequest(info, {
    grant_type: 'authorization_code',
    code: query.get('code'),
    redirect_uri: info.pageUrl,
    code_verifier: pending.verifier,
  });
  const idToken = decodeJwt(tokens.id_token);
  if (idToken.nonce !== pending.nonce) {
    throw new Error('The sign-in answer did not match the request (nonce). Reload the page to sign in again.');
  }
  return new Session(info, tokens);
}

/** The signed-in admin's tokens, refreshed before they expire. */
export class Session {
  constructor(info, tokens) {
    this.info = info;
    this.expiredListeners = [];
    this.refreshedListeners = [];
    this.refreshes = 0;
    this.refreshing = null;
    this.expired = false;
    this.accept(tokens);
  }

  accept(tokens) {
    this.accessToken = tokens.access_token;
    this.refreshToken = tokens.refresh_token;
    this.idToken = tokens.id_token || this.idToken;
    this.claims = decodeJwt(this.idToken);
    const lifetimeMs = (tokens.expires_in || 60) * 1000;
    this.expiresAt = Date.now() + lifetimeMs;
    clearTimeout(this.timer);
    // Refresh when a quarter of the lifetime is left (at least 5 s before expiry).
    const inMs = Math.max(1000, lifetimeMs - Math.max(5000, lifetimeMs / 4));
    this.timer = setTimeout(() => this.refresh().catch(() => {}), inMs);
  }

  get username() {
    return this.claims.preferred_username || this.claims.sub;
  }

  onRefreshed(listener) {
    this.refreshedListeners.push(listener);
  }

  onExpired(listener) {
    this.expiredListeners.push(listener);
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async token() {
    if (this.expired) throw new SessionExpired();
    if (Date.now() > this.expiresAt - 5000) await this.refresh();
    return this.accessToken;
  }

  /** One refresh at a time; a refused refresh ends the session for good. */
  refresh() {
    if (this.expired) return Promise.reject(new SessionExpired());
    if (!this.refreshing) {
      this.refreshing = tokenRequest(this.info, { grant_type: 'refresh_token', refresh_token: this.refreshToken })
        .then(tokens => {
          this.accept(tokens);
          this.refreshes += 1;
          this.refreshedListeners.forEach(l => l(this.refreshes));
        })
        .catch(err => {
          if (err.status === 400 || err.status === 401) {
            this.expire();
            throw new SessionExpired();
          }
          throw err;
        })
        .finally(() => { this.refreshing = null; });
    }
    return this.refreshing;
  }

  expire() {
    if (this.expired) return;
    this.expired = true;
    clearTimeout(this.timer);
    this.expiredListeners.forEach(l => l());
  }

  signOut() {
    clearTimeout(this.timer);
    const params = new URLSearchParams({
      client_id: CLIENT_ID,
      id_token_hint: this.idToken,
      post_logout_redirect_uri: this.info.pageUrl,
    });
    window.location.assign(`${this.info.oidcBase}/logout?${params}`);
  }
}
