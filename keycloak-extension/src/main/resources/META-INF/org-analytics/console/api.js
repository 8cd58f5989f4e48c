// Calls to Keycloak's admin API with the signed-in admin's bearer token.
import { SessionExpired } from './oidc.js';

/**
 * The question every report of the page shares: the range, the zone and, when one is chosen, the
 * organization (id or alias); empty values are left out of the query.
 */
export function scopeOf(state) {
  return { from: state.from, to: state.to, tz: state.tz, organization: state.organization };
}

export class ApiError extends Error {
  constructor(status, body, url) {
    super((body && (body.message || body.errorMessage || body.error)) || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.url = url;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The file name from a Content-Disposition header (RFC 6266 filename* or filename). */
export function fileNameOf(disposition) {
  if (!disposition) return null;
  const star = disposition.match(/filename\*\s*=\s*UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1].trim());
  const plain = disposition.match(/filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i);
  return plain ? (plain[1] ?? plain[2]).trim() : null;
}

export class Api {
  constructor(session, serverBase) {
    this.session = session;
    this.serverBase = serverBase;
  }

  /** GET {serverBase}{path}; retries once after a refresh when the token was refused. */
  async get(path, params, accept = 'application/json') {
    const url = this.serverBase + path + query(params);
    let res = await this.fetchWith(url, await this.session.token(), accept);
    if (res.status === 401) {
      await this.session.refresh(); // throws SessionExpired when Keycloak refuses the refresh too
      res = await this.fetchWith(url, await this.session.token(), accept);
      if (res.status === 401) {
        this.session.expire();
        throw new SessionExpired();
      }
    }
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch (e) { /* not JSON */ }
      throw new ApiError(res.status, body, url);
    }
    return res;
  }

  fetchWith(url, token, accept) {
    return fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: accept }, cache: 'no-store' });
  }

  async json(path, params) {
    return (await this.get(path, params)).json();
  }

  /** An org-analytics report of {@code realm}, e.g. report(realm, '/summary', {from, to, tz}). */
  report(realm, path, params) {
    return this.json(`/admin/realms/${encodeURIComponent(realm)}/org-analytics${path}`, params);
  }

  /**
   * Downloads a report as CSV: the API needs the bearer token, so a plain link cannot do it. The
   * file keeps the name the server gives it, and starts with a byte order mark: without it Excel
   * reads UTF-8 as the local code page and garbles every name that is not plain ASCII.
   */
  async download(realm, path, params) {
    const res = await this.get(`/admin/realms/${encodeURIComponent(realm)}/org-analytics${path}`,
      { ...params, format: 'csv', bom: 'true' }, 'text/csv');
    const blob = await res.blob();
    const name = fileNameOf(res.headers.get('Content-Disposition')) || 'org-analytics.csv';
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
    return name;
  }
}
