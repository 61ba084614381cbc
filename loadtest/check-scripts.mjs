// Checks the k6 scripts for mistakes `node --check` cannot see, by reading them as text (nothing
// from k6 is imported: k6 does not run on node). Run by check-syntax.sh; exits 1 on any problem.
//
// Every top-level script (loadtest/*.js) must export `options` with thresholds and a
// handleSummary, and export the function each scenario runs (a default function, or the one its
// `exec` names); executor names must be real ones. In every file, imports must resolve: relative
// files must exist and export the imported names, k6 modules must exist and have those exports,
// remote modules may only come from jslib.k6.io; and each imported name must be used.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));

const EXECUTORS = new Set([
  'shared-iterations', 'per-vu-iterations', 'constant-vus', 'ramping-vus',
  'constant-arrival-rate', 'ramping-arrival-rate',
]);

// The k6 built-in modules these scripts may use: whether they have a default export, and their
// named exports. Extend when a script needs another one.
const K6_MODULES = {
  k6: { default: false, names: ['check', 'fail', 'group', 'randomSeed', 'sleep'] },
  'k6/http': {
    default: true,
    names: ['batch', 'del', 'expectedStatuses', 'get', 'head', 'options', 'patch', 'post', 'put', 'request',
      'setResponseCallback'],
  },
  'k6/metrics': { default: false, names: ['Counter', 'Gauge', 'Rate', 'Trend'] },
  'k6/execution': { default: true, names: [] },
  'k6/encoding': { default: true, names: ['b64decode', 'b64encode'] },
  'k6/data': { default: false, names: ['SharedArray'] },
};

const problems = [];
const problem = (file, message) => problems.push(`${relative(ROOT, file)}: ${message}`);

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

// Names a file exports: `export function|class|const|let|var NAME`, `export { a, b as c }`, and
// 'default' for `export default`.
function exportsOf(text) {
  const names = new Set();
  for (const m of text.matchAll(/export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/g)) {
    names.add(m[1]);
  }
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
      names.add(part.split(/\s+as\s+/).pop().trim());
    }
  }
  if (/export\s+default\b/.test(text)) names.add('default');
  return names;
}

// [{ spec, defaultName, named: [{ imported, local }] }] for each static import.
function importsOf(text) {
  const imports = [];
  for (const m of text.matchAll(/^\s*import\s+([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/gm)) {
    const clause = m[1];
    const braces = clause.match(/\{([\s\S]*)\}/);
    const named = braces
      ? braces[1].split(',').map((s) => s.trim()).filter(Boolean).map((part) => {
        const [imported, local] = part.split(/\s+as\s+/).map((s) => s.trim());
        return { imported, local: local || imported };
      })
      : [];
    const head = clause.replace(/\{[\s\S]*\}/, '').replace(/,/g, ' ').trim();
    imports.push({ spec: m[2], defaultName: head || null, named });
  }
  return imports;
}

function checkImports(file, text) {
  // The code that may use the imports: no import statements, no comments.
  const code = text
    .replace(/^\s*import\s+[\s\S]*?\s+from\s+['"][^'"]+['"];?/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
  for (const { spec, defaultName, named } of importsOf(text)) {
    let exported = null;
    if (spec.startsWith('./') || spec.startsWith('../')) {
      const target = resolve(dirname(file), spec);
      if (!existsSync(target)) {
        problem(file, `imports '${spec}', which does not exist`);
        continue;
      }
      exported = exportsOf(readFileSync(target, 'utf8'));
    } else if (spec === 'k6' || spec.startsWith('k6/')) {
      const module = K6_MODULES[spec];
      if (!module) {
        problem(file, `imports '${spec}', which is not a k6 module this checker knows (see K6_MODULES)`);
        continue;
      }
      exported = new Set(module.names.concat(module.default ? ['default'] : []));
    } else if (!spec.startsWith('https://jslib.k6.io/')) {
      problem(file, `imports '${spec}': k6 only loads k6/* modules, relative files and remote URLs (use jslib.k6.io)`);
      continue;
    }
    if (exported !== null && defaultName !== null && !exported.has('default')) {
      problem(file, `imports a default export from '${spec}', which has none`);
    }
    for (const { imported } of named) {
      if (exported !== null && !exported.has(imported)) problem(file, `imports '${imported}' from '${spec}', which does not export it`);
    }
    // A name counts as used when it stands alone or is spread (`...NAME`), not as `obj.NAME`.
    for (const local of named.map((n) => n.local).concat(defaultName ? [defaultName] : [])) {
      if (!new RegExp(`(^|[^\\w$.]|\\.\\.\\.)${local.replace(/\$/g, '\\$')}\\b`).test(code)) {
        problem(file, `imports '${local}' but never uses it`);
      }
    }
  }
}

function checkScript(file, text) {
  const exported = exportsOf(text);
  if (!exported.has('options')) problem(file, 'does not export `options`');
  if (!/\bthresholds\s*[:,}]/.test(text)) problem(file, 'has no `thresholds` in its options: the run could never fail');
  if (!exported.has('handleSummary')) problem(file, 'does not export handleSummary (JSON + text summary)');

  const executors = [...text.matchAll(/\bexecutor\s*:\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  for (const executor of executors) {
    if (!EXECUTORS.has(executor)) problem(file, `unknown executor '${executor}'`);
  }
  const execs = [...text.matchAll(/\bexec\s*:\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  for (const name of execs) {
    if (!exported.has(name)) problem(file, `a scenario runs exec '${name}', which is not an exported function`);
  }
  // A scenario without `exec` (or the `stages`/`vus` shortcut, which has no executor) runs the
  // default function.
  if ((executors.length === 0 || executors.length > execs.length) && !exported.has('default')) {
    problem(file, 'has a scenario without `exec` but no `export default function`');
  }
}

// Older node versions parse .js as CommonJS, where `import` is a syntax error, unless told.
const pkg = join(ROOT, 'package.json');
if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, 'utf8')).type !== 'module') {
  problem(pkg, 'must exist with "type": "module" so node parses the scripts as ES modules');
}

const scripts = jsFiles(ROOT);
const libs = existsSync(join(ROOT, 'lib')) ? jsFiles(join(ROOT, 'lib')) : [];
if (scripts.length === 0) problem(ROOT, 'no k6 scripts found');
for (const file of scripts) {
  const text = readFileSync(file, 'utf8');
  checkScript(file, text);
  checkImports(file, text);
}
for (const file of libs) checkImports(file, readFileSync(file, 'utf8'));

if (problems.length > 0) {
  console.error(`check-scripts: ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`check-scripts: ${scripts.length} scripts and ${libs.length} library files look right`);
