// Refresh-token chains. authflux refresh tokens are single-use: presenting one that was already
// rotated revokes the whole session (reuse detection). So:
//  - each VU holds its own chain and never shares it (k6 gives every VU its own JavaScript
//    runtime, so the module variables below are private to one VU);
//  - a token is forgotten *before* it is sent: whatever happens to the request (timeout, 5xx,
//    garbled body), it is never sent again. A chain whose rotation failed is dead, and the VU
//    starts a new session by logging in.
import exec from 'k6/execution';
import { isTokenPair, jsonBody, login, refresh } from './api.js';

class TokenChain {
  constructor(username, tokens, obtainedAt) {
    this.username = username;
    this.adopt(tokens, obtainedAt);
  }

  adopt(tokens, obtainedAt) {
    this.accessToken = tokens.access_token;
    this.refreshToken = tokens.refresh_token;
    this.accessExpiresAt = obtainedAt + tokens.expires_in * 1000;
  }

  get alive() {
    return this.refreshToken !== null;
  }

  accessExpiresWithin(seconds) {
    return this.accessExpiresAt - Date.now() < seconds * 1000;
  }

  // One rotation. Returns the response for checks; afterwards the chain is alive only if the
  // answer was 200 with a complete pair and a refresh token different from the one spent.
  rotate() {
    const spent = this.refreshToken;
    this.refreshToken = null;
    const res = refresh(spent);
    const next = res.status === 200 ? jsonBody(res) : null;
    if (isTokenPair(next) && next.refresh_token !== spent) this.adopt(next, Date.now());
    return res;
  }
}

let current = null;
let seedTaken = false;

// Logs `user` in and, on success, makes the new session this VU's chain. Returns the response.
export function logInVu(user) {
  const res = login(user);
  const tokens = res.status === 201 ? jsonBody(res) : null;
  if (isTokenPair(tokens)) current = new TokenChain(user.username, tokens, Date.now());
  return res;
}

// This VU's live chain, or null if it has none and could not log in. The first call adopts the
// session setup() opened for this VU's slot (data.sessions[idInTest - 1]), if there is one; a VU
// without a slot, or whose chain died, logs in as its pool user. A slot is read once only: its
// refresh token is spent by the first rotation and must never be taken up again.
export function vuChain(data) {
  if (!seedTaken) {
    seedTaken = true;
    const seed = data.sessions ? data.sessions[exec.vu.idInTest - 1] : undefined;
    if (seed) current = new TokenChain(seed.username, seed.tokens, seed.obtainedAt);
  }
  if (current === null || !current.alive) {
    logInVu(data.users[(exec.vu.idInTest - 1) % data.users.length]);
  }
  return current !== null && current.alive ? current : null;
}

// This VU's live chain with an access token that has at least a minute to live: rotates first
// when the current one is about to expire (access tokens live expires_in = 600 s by default).
export function vuFreshChain(data) {
  const chain = vuChain(data);
  if (chain === null || !chain.accessExpiresWithin(60)) return chain;
  chain.rotate();
  return vuChain(data);
}
