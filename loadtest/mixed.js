// A realistic mix: for every password login, 20 refreshes and 200 GET /me, as clients that log in
// once, refresh every few minutes and call the API in between.
//
// Why three scenarios rather than a weighted random choice: each endpoint gets its own open-model
// arrival rate (LOGIN_RATE, 20×, 200× per second), so the 1:20:200 ratio holds exactly whatever
// each endpoint's latency. With a weighted choice in a closed model, slow argon2 logins would hold
// VUs and quietly lower the /me rate; per-endpoint thresholds are also simpler this way.
//
// Refreshes and reads use sessions that setup() opened, one per VU slot, so the only logins
// during the run are the login scenario's; each VU rotates only its own chain (lib/chain.js).
import exec from 'k6/execution';
import { Counter, Rate } from 'k6/metrics';
import { EXPECT, isBackPressure, login, me } from './lib/api.js';
import { vuChain, vuFreshChain } from './lib/chain.js';
import { checkLogin, checkMe, checkRefresh } from './lib/checks.js';
import { COMMON_OPTIONS, envInt, envNumber, envString } from './lib/config.js';
import { setupUsers } from './lib/users.js';
import { writeSummary } from './lib/summary.js';

const LOGIN_RATE = envInt('LOGIN_RATE', 1);
const DURATION = envString('DURATION', '2m');
const USERS = envInt('USERS', 50);
const ME_P99_MS = envNumber('ME_P99_MS', 10);
const REFRESH_P99_MS = envNumber('REFRESH_P99_MS', 50);
const LOGIN_P95_MS = envNumber('LOGIN_P95_MS', 1000);
const MAX_BACKPRESSURE = envNumber('MAX_BACKPRESSURE', 0.05);

// VUs each scenario may use: its rate times the slowest acceptable answer, with headroom.
const LOGIN_VUS = 5 * LOGIN_RATE;
const REFRESH_VUS = 10 * LOGIN_RATE;
const READ_VUS = 40 * LOGIN_RATE;

const backPressure = new Rate('login_backpressure');
const refreshFailures = new Counter('refresh_failures');

export const options = {
  scenarios: {
    logins: {
      executor: 'constant-arrival-rate',
      exec: 'logIn',
      rate: LOGIN_RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: LOGIN_VUS,
      maxVUs: LOGIN_VUS,
    },
    refreshes: {
      executor: 'constant-arrival-rate',
      exec: 'rotate',
      rate: 20 * LOGIN_RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: REFRESH_VUS,
      maxVUs: REFRESH_VUS,
    },
    reads: {
      executor: 'constant-arrival-rate',
      exec: 'readMe',
      rate: 200 * LOGIN_RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: READ_VUS,
      maxVUs: READ_VUS,
    },
  },
  thresholds: {
    'http_req_duration{endpoint:me}': [`p(99)<${ME_P99_MS}`],
    'http_req_duration{endpoint:refresh}': [`p(99)<${REFRESH_P99_MS}`],
    'http_req_duration{endpoint:login}': [`p(95)<${LOGIN_P95_MS}`],
    // Back-pressure answers to logins are expected statuses, so not counted here.
    http_req_failed: ['rate==0'],
    refresh_failures: ['count==0'],
    login_backpressure: [`rate<${MAX_BACKPRESSURE}`],
    checks: ['rate==1'],
  },
  ...COMMON_OPTIONS,
};

// All VUs are pre-allocated, so VU ids run from 1 to the sum below: one session each.
export function setup() {
  return setupUsers(USERS, LOGIN_VUS + REFRESH_VUS + READ_VUS);
}

export function logIn(data) {
  const res = login(data.users[exec.scenario.iterationInTest % data.users.length], EXPECT.createdOrBusy);
  const busy = isBackPressure(res);
  backPressure.add(busy);
  if (busy) return; // open model: the next login arrives on schedule anyway
  checkLogin(res);
}

export function rotate(data) {
  const chain = vuChain(data);
  if (chain === null) return; // could not log in again; http_req_failed has counted it
  if (!checkRefresh(chain.rotate(), chain)) refreshFailures.add(1);
}

export function readMe(data) {
  const chain = vuFreshChain(data);
  if (chain === null) return; // could not log in again; http_req_failed has counted it
  checkMe(me(chain.accessToken), chain);
}

export function handleSummary(data) {
  return writeSummary('mixed', data);
}
