// End-of-test output shared by every script: the standard k6 text summary on stdout, and a JSON
// file <SUMMARY_DIR>/<script>-summary.json for tools and for comparing runs.
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';
import { BASE_URL, envString } from './config.js';

// k6 resolves this against its working directory and does not create it: run from the repository
// root (where loadtest/results/ exists) or set SUMMARY_DIR to an existing directory.
const SUMMARY_DIR = envString('SUMMARY_DIR', 'loadtest/results').replace(/\/+$/, '');

// `findings` holds what a script works out from the metrics (e.g. the stress test's breaking
// point); it goes into the JSON and, line by line, under the text summary.
export function writeSummary(script, data, findings = {}) {
  const failed = failedThresholds(data);
  const report = {
    script: `${script}.js`,
    base_url: BASE_URL,
    finished_at: new Date().toISOString(),
    thresholds_passed: failed.length === 0,
    failed_thresholds: failed,
    findings,
    k6: data,
  };
  const noColor = Boolean(data.options && data.options.noColor);
  let text = textSummary(data, { indent: ' ', enableColors: !noColor });
  const lines = Object.keys(findings).map((key) => {
    const value = findings[key];
    if (!Array.isArray(value)) return `     ${key}: ${JSON.stringify(value)}`;
    return [`     ${key}:`].concat(value.map((item) => `       ${JSON.stringify(item)}`)).join('\n');
  });
  if (lines.length > 0) text += `\n\n   findings (${script}):\n${lines.join('\n')}\n`;
  return {
    stdout: `${text}\n`,
    [`${SUMMARY_DIR}/${script}-summary.json`]: JSON.stringify(report, null, 2),
  };
}

// "metric: expression" of every threshold that failed.
function failedThresholds(data) {
  const failed = [];
  Object.keys(data.metrics).forEach((name) => {
    const thresholds = data.metrics[name].thresholds || {};
    Object.keys(thresholds).forEach((expression) => {
      if (!thresholds[expression].ok) failed.push(`${name}: ${expression}`);
    });
  });
  return failed;
}

// A metric's summary values, or null when it recorded nothing (e.g. a stage never reached).
export function metricValues(data, name) {
  const metric = data.metrics[name];
  return metric ? metric.values : null;
}
