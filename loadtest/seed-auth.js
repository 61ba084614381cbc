// The original Go service's published load test, reproduced so the two services compare like for
// like: up to 300 VUs, each POSTing /api/auth with its own username (the first call registers it,
// later ones log in) and then sleeping 3 s. The thresholds are the original's published results:
// p95 of 67.6 ms and no failed request.
//
//   k6 run loadtest/seed-auth.js                     (BASE_URL defaults to http://localhost:8080)
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { compatAuth } from './lib/api.js';
import { TREND_STATS } from './lib/config.js';
import { newRunId, userFor } from './lib/users.js';
import { writeSummary } from './lib/summary.js';

export const options = {
  // 20 s in four equal stages: ramp 0→100→200→300 VUs, then back to 0.
  stages: [
    { duration: '5s', target: 100 },
    { duration: '5s', target: 200 },
    { duration: '5s', target: 300 },
    { duration: '5s', target: 0 },
  ],
  thresholds: {
    http_req_duration: ['p(95)<67.6'],
    http_req_failed: ['rate==0'],
  },
  summaryTrendStats: TREND_STATS,
};

// Only picks the run id (no request), so the measured traffic is exactly the original's.
export function setup() {
  return { runId: newRunId() };
}

export default function (data) {
  const res = compatAuth(userFor(data.runId, `vu${exec.vu.idInTest}`));
  check(res, { 'auth status is 200': (r) => r.status === 200 });
  sleep(3);
}

export function handleSummary(data) {
  return writeSummary('seed-auth', data);
}
