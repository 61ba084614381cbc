// Refresh-token rotation at a fixed rate (open model: RATE rotations per second whatever the
// latency). setup() opens one session per possible VU; each VU then rotates only its own chain,
// one refresh per iteration, never sending a token twice (see lib/chain.js). A failed refresh is a
// real failure: the thresholds allow none.
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { assertReachable } from './lib/api.js';
import { vuChain } from './lib/chain.js';
import { SETUP_TIMEOUT, TREND_STATS, envInt, envNumber, envString } from './lib/config.js';
import { newRunId, openSessions, registerUsers } from './lib/users.js';
import { writeSummary } from './lib/summary.js';

const RATE = envInt('RATE', 50);
const DURATION = envString('DURATION', '1m');
const MAX_VUS = envInt('MAX_VUS', 50);
const USERS = envInt('USERS', 20);
const REFRESH_P99_MS = envNumber('REFRESH_P99_MS', 50);

const failures = new Counter('refresh_failures');

export const options = {
  scenarios: {
    refresh: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: MAX_VUS,
      maxVUs: MAX_VUS,
    },
  },
  thresholds: {
    refresh_failures: ['count==0'],
    // Covers the re-login a VU does after a failed refresh, too.
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
    'http_req_duration{endpoint:refresh}': [`p(99)<${REFRESH_P99_MS}`],
  },
  setupTimeout: SETUP_TIMEOUT,
  summaryTrendStats: TREND_STATS,
};

// One session per VU slot: VU n (exec.vu.idInTest) takes sessions[n - 1]. All VUs are
// pre-allocated, so no VU ever goes without a slot.
export function setup() {
  assertReachable();
  const users = registerUsers(newRunId(), USERS);
  return { users, sessions: openSessions(users, MAX_VUS) };
}

export default function (data) {
  const chain = vuChain(data);
  if (chain === null) return; // could not log in again; http_req_failed has counted it
  const res = chain.rotate();
  const ok = check(res, {
    'refresh status is 200': (r) => r.status === 200,
    'refresh returns a new token pair': () => chain.alive,
  });
  if (!ok) failures.add(1);
}

export function handleSummary(data) {
  return writeSummary('refresh', data);
}
