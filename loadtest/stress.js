// Finds the breaking point. An open-model staircase (ramping-arrival-rate): the iteration rate
// climbs from STRESS_START_RATE by STRESS_STEP_RATE, STRESS_STEPS times, ramping for
// STRESS_RAMP_SECONDS and then holding each step for STRESS_HOLD_SECONDS. Each iteration is one
// call from the mixed.js proportions (200 GET /me : 20 refreshes : 1 login), made by a VU with
// its own session (one opened per VU in setup; refreshes rotate only the VU's own chain). Here a
// 503 `overloaded` login counts against the step: the service is shedding load.
//
// Requests made while a step holds are tagged step=<rate>, and every step has its own thresholds:
//  - the goals (STRESS_P95_MS, STRESS_MAX_ERROR_RATE): a step that misses them fails the run, so
//    exit code 0 means "no breaking point up to the top step; raise STRESS_STEPS";
//  - a collapse guard with abortOnFail (p95 over STRESS_ABORT_P95_MS or half the requests
//    failing): past that, more load teaches nothing, so the run stops there.
// The summary's findings give each step's figures and the highest rate sustained within the goals.
import exec from 'k6/execution';
import { me } from './lib/api.js';
import { logInVu, vuChain, vuFreshChain } from './lib/chain.js';
import { COMMON_OPTIONS, envInt, envNumber } from './lib/config.js';
import { setupUsers } from './lib/users.js';
import { metricValues, writeSummary } from './lib/summary.js';

const START_RATE = envInt('STRESS_START_RATE', 50);
const STEP_RATE = envInt('STRESS_STEP_RATE', 50);
const STEPS = envInt('STRESS_STEPS', 10);
const RAMP_S = envInt('STRESS_RAMP_SECONDS', 10);
const HOLD_S = envInt('STRESS_HOLD_SECONDS', 30);
const P95_MS = envNumber('STRESS_P95_MS', 50);
const MAX_ERROR_RATE = envNumber('STRESS_MAX_ERROR_RATE', 0.01);
const ABORT_P95_MS = envNumber('STRESS_ABORT_P95_MS', 2000);
const MAX_VUS = envInt('MAX_VUS', 200);
const USERS = envInt('USERS', 50);

// Iterations must arrive at least this close to the step's rate for the step to count as
// sustained: when responses are too slow for MAX_VUS, k6 drops iterations instead of sending them.
const MIN_ACHIEVED_SHARE = 0.95;

const RATES = [];
for (let i = 0; i < STEPS; i++) RATES.push(START_RATE + i * STEP_RATE);

const stages = [];
const thresholds = {};
RATES.forEach((rate) => {
  stages.push({ duration: `${RAMP_S}s`, target: rate }, { duration: `${HOLD_S}s`, target: rate });
  thresholds[`http_req_duration{step:${rate}}`] = [
    `p(95)<${P95_MS}`,
    { threshold: `p(95)<${ABORT_P95_MS}`, abortOnFail: true },
  ];
  thresholds[`http_req_failed{step:${rate}}`] = [
    `rate<${MAX_ERROR_RATE}`,
    { threshold: 'rate<0.5', abortOnFail: true },
  ];
});

export const options = {
  scenarios: {
    stress: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      stages,
      // All pre-allocated, so every VU has a session from setup() and none logs in mid-step.
      preAllocatedVUs: MAX_VUS,
      maxVUs: MAX_VUS,
    },
  },
  thresholds,
  ...COMMON_OPTIONS,
};

export function setup() {
  return setupUsers(USERS, MAX_VUS);
}

// The rate of the step being held now, or null while ramping (ramps are not measured: VUs are
// being allocated and the rate is in between).
function heldStep() {
  const elapsed = (Date.now() - exec.scenario.startTime) / 1000;
  const index = Math.floor(elapsed / (RAMP_S + HOLD_S));
  const inHold = elapsed - index * (RAMP_S + HOLD_S) >= RAMP_S;
  return index < RATES.length && inHold ? RATES[index] : null;
}

export default function (data) {
  const step = heldStep();
  if (step === null) delete exec.vu.metrics.tags.step;
  else exec.vu.metrics.tags.step = String(step);

  const roll = Math.random() * 221;
  if (roll < 1) {
    logInVu(data.users[exec.scenario.iterationInTest % data.users.length]);
  } else if (roll < 21) {
    const chain = vuChain(data);
    if (chain !== null) chain.rotate();
  } else {
    const chain = vuFreshChain(data);
    if (chain !== null) me(chain.accessToken);
  }
}

export function handleSummary(data) {
  const steps = RATES.map((rate) => {
    const duration = metricValues(data, `http_req_duration{step:${rate}}`);
    const failed = metricValues(data, `http_req_failed{step:${rate}}`);
    const requests = duration ? duration.count : 0;
    const achieved = requests / HOLD_S;
    return {
      rate,
      requests,
      achieved_rate: Number(achieved.toFixed(1)),
      p95_ms: duration ? Number(duration['p(95)'].toFixed(2)) : null,
      error_rate: failed ? failed.rate : null,
      met: requests > 0 && failed !== null && duration['p(95)'] < P95_MS && failed.rate < MAX_ERROR_RATE
        && achieved >= MIN_ACHIEVED_SHARE * rate,
    };
  });
  const firstMiss = steps.findIndex((s) => !s.met);
  const sustained = firstMiss === -1 ? steps : steps.slice(0, firstMiss);
  return writeSummary('stress', data, {
    goals: { p95_ms: P95_MS, max_error_rate: MAX_ERROR_RATE, min_achieved_share: MIN_ACHIEVED_SHARE },
    highest_sustained_rate: sustained.length > 0 ? sustained[sustained.length - 1].rate : null,
    breaking_rate: firstMiss === -1 ? null : steps[firstMiss].rate,
    steps,
  });
}
