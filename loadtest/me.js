// GET /api/v1/users/me at a fixed rate (open model), with access tokens of sessions opened in
// setup(): the cheapest authenticated call, so its latency is the service's floor. The goal is
// p99 under 10 ms; a latency goal only means something at a stated rate, hence RATE.
// A VU whose access token is about to expire (runs longer than ~9 min) rotates its own session.
import { me } from './lib/api.js';
import { vuFreshChain } from './lib/chain.js';
import { checkMe } from './lib/checks.js';
import { COMMON_OPTIONS, envInt, envNumber, envString } from './lib/config.js';
import { setupUsers } from './lib/users.js';
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
  ...COMMON_OPTIONS,
};

export function setup() {
  return setupUsers(USERS, MAX_VUS);
}

export default function (data) {
  const chain = vuFreshChain(data);
  if (chain === null) return; // no session and the re-login failed; http_req_failed has counted it
  checkMe(me(chain.accessToken), chain);
}

export function handleSummary(data) {
  return writeSummary('me', data);
}
