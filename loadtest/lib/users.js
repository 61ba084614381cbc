// Test users. Every name starts with a per-run id, so scripts can run again and again against the
// same database without meeting a 409 username_taken.
import http from 'k6/http';
import { sleep } from 'k6';
import { assertReachable, registerRequest, setupLoginRequest, isBackPressure, isTokenPair, jsonBody } from './api.js';

// Parallel requests per batch: enough to finish setup quickly, few enough to stay well inside
// the service's password-hash queue (64 by default) and so rarely meet 503 overloaded.
const BATCH_SIZE = 16;
const ATTEMPTS = 5;

// Call once, in setup(), and hand it to the VUs through setup data: init code runs once per VU,
// at different moments, and would give every VU a different id.
export function newRunId() {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

// Names stay within 3–64 characters of [A-Za-z0-9._-]; the password differs from the name.
export function userFor(runId, label) {
  return { username: `lt-${runId}-${label}`, password: `pw-${runId}-load-test` };
}

export function registerUsers(runId, count) {
  const users = [];
  for (let i = 0; i < count; i++) users.push(userFor(runId, `u${i}`));
  sendAll(users, registerRequest, 201, 'register');
  return users;
}

// One session per slot, owners taken round-robin from `users`. Each slot becomes the token chain
// of exactly one VU (see chain.js), so no two VUs ever hold the same refresh token.
export function openSessions(users, count) {
  const owners = [];
  for (let i = 0; i < count; i++) owners.push(users[i % users.length]);
  return sendAll(owners, setupLoginRequest, 201, 'log in').map((res, i) => {
    const tokens = jsonBody(res);
    if (!isTokenPair(tokens)) throw new Error(`setup: login of ${owners[i].username} returned no token pair`);
    return { username: owners[i].username, tokens, obtainedAt: Date.now() };
  });
}

// Sends one request per item in parallel batches, retrying only back-pressure answers (after a
// pause). Anything else unexpected stops the test: results built on a broken setup mean nothing.
function sendAll(items, toRequest, expectedStatus, what) {
  const responses = new Array(items.length);
  let pending = items.map((_, i) => i);
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > ATTEMPTS) {
      throw new Error(`setup: could not ${what} ${pending.length} users: the service stayed overloaded`);
    }
    const busy = [];
    for (let start = 0; start < pending.length; start += BATCH_SIZE) {
      const chunk = pending.slice(start, start + BATCH_SIZE);
      http.batch(chunk.map((i) => toRequest(items[i]))).forEach((res, j) => {
        const i = chunk[j];
        if (res.status === expectedStatus) {
          responses[i] = res;
        } else if (isBackPressure(res)) {
          busy.push(i);
        } else {
          throw new Error(`setup: ${what} ${items[i].username} answered ${res.status || res.error}: ${res.body}`);
        }
      });
    }
    if (busy.length > 0) sleep(attempt);
    pending = busy;
  }
  return responses;
}

// The setup() of the scripts: fails at once when BASE_URL does not answer like authflux, then
// registers `count` users of a fresh run and, if `sessions` > 0, opens that many sessions, one per
// VU slot (VU n takes sessions[n - 1], see chain.js).
export function setupUsers(count, sessions = 0) {
  assertReachable();
  const users = registerUsers(newRunId(), count);
  return sessions > 0 ? { users, sessions: openSessions(users, sessions) } : { users };
}
