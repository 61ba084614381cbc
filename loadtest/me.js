// GET /api/v1/users/me at a fixed rate (open model), with access tokens of sessions opened in
// setup(): the cheapest authenticated call, so its latency is the service's floor. The goal is
// p99 under 10 ms; a latency goal only means something at a stated rate, hence RATE.
// A VU whose access token is about to expire (runs longer than ~9 min) rotates its own session.
import { check } from 'k6';
import { assertReachable, jsonBody, me } from './lib/api.js';
import { vuFreshChain } from './lib/chain.js';
import { SETUP_TIMEOUT, TREND_STATS, envInt, envNumber, envString } from './lib/config.js';
import { newRunId, openSessions, registerUsers } from './lib/users.js';
import { writeSummary } from './lib/summary.js';

const RATE = envInt('RATE', 200);
const DURATION = envString('DURATION', '1m');
const MAX_VUS = envInt('MAX_VUS', 50);
const USERS = envInt('USERS', 20);
const ME_P99_MS = envNumber('ME_P99_MS', 10);

export const options = {
  scenarios: {
    me: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: MAX_VUS,
      maxVUs: MAX_VUS,
    },
  },
  thresholds: {
    'http_req_duration{endpoint:me}': [`p(99)<${ME_P99_MS}`],
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
  },
  setupTimeout: SETUP_TIMEOUT,
  summaryTrendStats: TREND_STATS,
};

export function setup() {
  assertReachable();
  const users = registerUsers(newRunId(), USERS);
  return { users, sessions: openSessions(users, MAX_VUS) };
}

export default function (data) {
  const chain = vuFreshChain(data);
  if (chain === null) return; // no session and the re-login failed; http_req_failed has counted it
  const res = me(chain.accessToken);
  check(res, {
    'me status is 200': (r) => r.status === 200,
    'me returns the caller': (r) => {
      const body = jsonBody(r);
      return body !== null && body.username === chain.username && typeof body.id === 'string'
        && typeof body.created_at === 'string';
    },
  });
}

export function handleSummary(data) {
  return writeSummary('me', data);
}
