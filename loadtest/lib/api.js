// The authflux HTTP contract as the scripts use it. Every request carries an `endpoint` tag, so
// thresholds can target one endpoint (`http_req_duration{endpoint:me}`) and leave out the setup
// traffic, which is tagged `endpoint:setup`.
import http from 'k6/http';
import { b64encode } from 'k6/encoding';
import { BASE_URL } from './config.js';

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

// Which statuses count as "expected" for http_req_failed. Built once, as k6 recommends.
export const EXPECT = {
  ok: http.expectedStatuses(200),
  created: http.expectedStatuses(201),
  // 503 `overloaded` (password-hash queue full) and 429 `too_many_attempts` are back-pressure
  // with Retry-After: the service protecting itself, not a wrong answer.
  createdOrBusy: http.expectedStatuses(201, 429, 503),
};

function jsonRequest(path, payload, endpoint, expected) {
  return {
    method: 'POST',
    url: `${BASE_URL}${path}`,
    body: JSON.stringify(payload),
    params: { headers: JSON_HEADERS, tags: { endpoint }, responseCallback: expected },
  };
}

function send(request) {
  return http.request(request.method, request.url, request.body, request.params);
}

// Request descriptions for http.batch (setup sends many at once).
export function registerRequest(user) {
  return jsonRequest('/api/v1/users', credentials(user), 'setup', EXPECT.createdOrBusy);
}

export function setupLoginRequest(user) {
  return jsonRequest('/api/v1/sessions', credentials(user), 'setup', EXPECT.createdOrBusy);
}

export function login(user, expected = EXPECT.created) {
  return send(jsonRequest('/api/v1/sessions', credentials(user), 'login', expected));
}

export function refresh(refreshToken) {
  return send(jsonRequest('/api/v1/sessions/refresh', { refresh_token: refreshToken }, 'refresh', EXPECT.ok));
}

// The original service's endpoint: logs in, or registers the name on first use.
export function compatAuth(user) {
  return send(jsonRequest('/api/auth', credentials(user), 'compat_auth', EXPECT.ok));
}

export function me(accessToken) {
  return http.get(`${BASE_URL}/api/v1/users/me`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    tags: { endpoint: 'me' },
    responseCallback: EXPECT.ok,
  });
}

// RFC 7662: form-encoded token, HTTP Basic client credentials (each part form-encoded first,
// RFC 6749 §2.3.1, so secrets with ':' or non-ASCII characters survive).
export function introspect(accessToken, client, endpoint = 'introspect') {
  const basic = b64encode(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`);
  return http.post(`${BASE_URL}/api/v1/introspect`, `token=${encodeURIComponent(accessToken)}`, {
    headers: {
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    tags: { endpoint },
    responseCallback: EXPECT.ok,
  });
}

// Fails setup at once, with a readable message, when BASE_URL does not answer like authflux.
export function assertReachable() {
  const res = http.get(`${BASE_URL}/.well-known/jwks.json`, { tags: { endpoint: 'setup' } });
  if (res.status !== 200) {
    throw new Error(`${BASE_URL}/.well-known/jwks.json answered ${res.status || res.error}: is BASE_URL right?`);
  }
}

function credentials(user) {
  return { username: user.username, password: user.password };
}

export function jsonBody(res) {
  try {
    return res.json();
  } catch (e) {
    return null;
  }
}

// The `code` member of an application/problem+json error, or null.
function problemCode(res) {
  const body = jsonBody(res);
  return body && typeof body.code === 'string' ? body.code : null;
}

// True for the two back-pressure answers; any other 503 (e.g. `unavailable`) is a real failure.
export function isBackPressure(res) {
  return (res.status === 503 && problemCode(res) === 'overloaded')
    || (res.status === 429 && problemCode(res) === 'too_many_attempts');
}

// Seconds to wait before trying again, from Retry-After (capped so a bad header cannot stall a VU).
export function retryAfterSeconds(res) {
  const seconds = Number(res.headers['Retry-After']);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) : 1;
}

// The 201/200 body of login and refresh: {access_token, token_type, expires_in, refresh_token,
// refresh_expires_in, session_id}.
export function isTokenPair(body) {
  return body !== null && typeof body === 'object'
    && typeof body.access_token === 'string' && body.access_token.length > 0
    && body.token_type === 'Bearer'
    && typeof body.expires_in === 'number' && body.expires_in > 0
    && typeof body.refresh_token === 'string' && body.refresh_token.length > 0
    && typeof body.refresh_expires_in === 'number' && body.refresh_expires_in > 0
    && typeof body.session_id === 'string' && body.session_id.length > 0;
}
