// Settings every script shares. All of them come from environment variables (`k6 run -e NAME=value`
// or the process environment), so the same scripts run unchanged against any deployment.

export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');

// Trend statistics kept in the summary: p(99) for the latency goals, count to tell how many
// requests a figure rests on.
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

// Setup registers users and opens sessions; password hashing makes that slow on a small host.
export const SETUP_TIMEOUT = '10m';

export function envString(name, fallback) {
  const raw = __ENV[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

export function envInt(name, fallback) {
  const raw = envString(name, undefined);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of at least 1, not "${raw}"`);
  }
  return value;
}

export function envNumber(name, fallback) {
  const raw = envString(name, undefined);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number, not "${raw}"`);
  }
  return value;
}

// Seconds in a k6 duration string such as "90s", "1m30s" or "2h".
export function durationSeconds(text) {
  const units = { ms: 0.001, s: 1, m: 60, h: 3600 };
  const parts = String(text).match(/\d+(\.\d+)?(ms|s|m|h)/g);
  if (parts === null || parts.join('') !== String(text)) throw new Error(`not a k6 duration: "${text}"`);
  return parts.reduce((sum, part) => {
    const unit = part.match(/(ms|s|m|h)$/)[1];
    return sum + parseFloat(part) * units[unit];
  }, 0);
}

// Options every script shares: setup's timeout and the trend statistics of the summary.
export const COMMON_OPTIONS = { setupTimeout: SETUP_TIMEOUT, summaryTrendStats: TREND_STATS };
