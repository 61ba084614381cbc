// Refresh-token rotation at a fixed rate (open model: RATE rotations per second whatever the
// latency). setup() opens one session per possible VU; each VU then rotates only its own chain,
// one refresh per iteration, never sending a token twice (see lib/chain.js). A failed refresh is a
// real failure: the thresholds allow none.
import { Counter } from 'k6/metrics';
import { vuChain } from './lib/chain.js';
import { checkRefresh } from './lib/checks.js';
import { COMMON_OPTIONS, envInt, envNumber, envString } from './lib/config.js';
import { setupUsers } from './lib/users.js';
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
  ...COMMON_OPTIONS,
};

// One session per VU slot: VU n (exec.vu.idInTest) takes sessions[n - 1]. All VUs are
// pre-allocated, so no VU ever goes without a slot.
export function setup() {
  return setupUsers(USERS, MAX_VUS);
}

export default function (data) {
  const chain = vuChain(data);
  if (chain === null) return; // could not log in again; http_req_failed has counted it
  if (!checkRefresh(chain.rotate(), chain)) failures.add(1);
}

export function handleSummary(data) {
  return writeSummary('refresh', data);
}
