// The checks every script makes of an answer, in one place so that the same endpoint is judged
// the same way in each script. Each returns check()'s result: true when all of its checks passed.
import { check } from 'k6';
import { isTokenPair, jsonBody } from './api.js';

export function checkLogin(res) {
  return check(res, {
    'login status is 201': (r) => r.status === 201,
    'login returns a Bearer token pair': (r) => isTokenPair(jsonBody(r)),
  });
}

// After chain.rotate(): the chain is alive only if the answer carried a new token pair.
export function checkRefresh(res, chain) {
  return check(res, {
    'refresh status is 200': (r) => r.status === 200,
    'refresh returns a new token pair': () => chain.alive,
  });
}

export function checkMe(res, chain) {
  return check(res, {
    'me status is 200': (r) => r.status === 200,
    'me returns the caller': (r) => {
      const body = jsonBody(r);
      return body !== null && body.username === chain.username && typeof body.id === 'string'
        && typeof body.created_at === 'string';
    },
  });
}

export function checkIntrospect(res, chain) {
  return check(res, {
    'introspect status is 200': (r) => r.status === 200,
    'token is active for its user': (r) => {
      const body = jsonBody(r);
      return body !== null && body.active === true && body.username === chain.username;
    },
  });
}
