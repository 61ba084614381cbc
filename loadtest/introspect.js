// POST /api/v1/introspect (RFC 7662) at a fixed rate, as a resource server calls it: HTTP Basic
// client credentials, form-encoded access token of a live session. Every answer must be
// {"active": true} for the token's user. Sessions come from setup(), one per VU, as in me.js.
//
//   INTROSPECTION_CLIENT_SECRET=... k6 run loadtest/introspect.js
// `make run` keeps the local secret in .run/secrets.env (AUTHFLUX_INTROSPECTION_CLIENT_SECRET);
// `make loadtest SCRIPT=introspect.js` passes it on.
import { introspect } from './lib/api.js';
import { vuFreshChain } from './lib/chain.js';
import { checkIntrospect } from './lib/checks.js';
import { COMMON_OPTIONS, envInt, envNumber, envString } from './lib/config.js';
import { setupUsers } from './lib/users.js';
import { writeSummary } from './lib/summary.js';

const RATE = envInt('RATE', 200);
const DURATION = envString('DURATION', '1m');
const MAX_VUS = envInt('MAX_VUS', 50);
const USERS = envInt('USERS', 20);
const INTROSPECT_P99_MS = envNumber('INTROSPECT_P99_MS', 20);
const CLIENT = {
  id: envString('INTROSPECTION_CLIENT_ID', 'resource-server'),
  secret: envString('INTROSPECTION_CLIENT_SECRET', ''),
};

export const options = {
  scenarios: {
    introspect: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: MAX_VUS,
      maxVUs: MAX_VUS,
    },
  },
  thresholds: {
    'http_req_duration{endpoint:introspect}': [`p(99)<${INTROSPECT_P99_MS}`],
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
  },
  ...COMMON_OPTIONS,
};

// Stops before any load with a clear message when the client credentials are missing or wrong,
// rather than producing a run of 401s.
export function setup() {
  if (CLIENT.secret === '') {
    throw new Error('set INTROSPECTION_CLIENT_SECRET (and INTROSPECTION_CLIENT_ID if not resource-server)');
  }
  const { users, sessions } = setupUsers(USERS, MAX_VUS);
  const probe = introspect(sessions[0].tokens.access_token, CLIENT, 'setup');
  if (probe.status !== 200) {
    throw new Error(`introspection answered ${probe.status} to client "${CLIENT.id}": check INTROSPECTION_CLIENT_ID/SECRET`);
  }
  return { users, sessions };
}

export default function (data) {
  const chain = vuFreshChain(data);
  if (chain === null) return; // no session and the re-login failed; http_req_failed has counted it
  checkIntrospect(introspect(chain.accessToken, CLIENT), chain);
}

export function handleSummary(data) {
  return writeSummary('introspect', data);
}
