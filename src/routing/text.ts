/**
 * Text processing shared by the routing index, matcher and boundary scorer: normalisation, tokenising,
 * stop words, stemming and a small table of general software-engineering equivalences used to expand
 * queries (abbreviations and plain-language symptoms → the words agent files use).
 */
import { stem } from './stem.js';
import { EXPANSION_SPLIT, MAX_EQUIVALENTS_PER_WORD, MAX_QUERY_CHARS, MAX_QUERY_TERMS } from './tuning.js';

/** English function words plus words that every task or agent file uses and that say nothing about who fits. */
const STOP = new Set(
  (
    'a about above after again against all also am an and any are aren as at be because been before being below between both but by ' +
    'can cannot could did do does doing done down during each either else etc even ever every few for from further get gets getting got ' +
    'had has have having he her here hers herself him himself his how however i if in into is it its itself just let lets like ' +
    'made make makes making many may me might mine more most much must my myself need needs needed no nor not now of off on once ' +
    'one only or other others our ours ourselves out over own per please rather really same shall she should so some such ' +
    'than that the their theirs them themselves then there these they this those though through thus to too under until up upon ' +
    'us very via want wants wanted was we were what when where whether which while who whom whose why will with within without ' +
    'would yet you your yours yourself yourselves ' +
    // contractions split at the apostrophe ("don't" → don, t)
    'don doesn didn isn aren wasn weren can won wouldn shouldn couldn haven hasn hadn ll ve re ' +
    // task chatter
    'help hi hey thanks thank ok okay im ive id dont doesnt cant wont isnt lets something anything thing things stuff someone ' +
    'way ways kind sort lot lots able sure going trying try tried new old current currently existing basically actually ' +
    // agent-file chatter
    'agent agents claude assistant user users use used uses using e g eg ie example examples'
  ).split(/\s+/),
);

/** Stop words, exported for tests and the reason snippets. */
export function isStopWord(token: string): boolean {
  return STOP.has(token);
}

/**
 * A copy of `s` that does not keep its source text alive. V8 represents a slice of 13+ characters as a view
 * into the parent string; caches and cards outlive the file text they were cut from, so they store copies.
 */
export function unlink(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** One raw token → its index term, or null when it is a stop word or noise. */
export function computeTerm(token: string): string | null {
  if (token.length === 1) return token === 'r' || token === 'c' ? token : null;
  if (STOP.has(token) || (/^\d+$/.test(token) && token.length < 3)) return null;
  return stem(token);
}

/**
 * Raw token → index term (undefined for a stop word or noise). The default computes it each time; the term
 * dictionary of a Routing (dictionary.ts) offers a memoised one, which the engine passes in.
 */
export type TermLookup = (token: string) => string | undefined;

/** One raw token → its index term, or undefined when it is a stop word or noise (not memoised). */
export const termOf: TermLookup = (token) => computeTerm(token) ?? undefined;

/** Word characters of `\b` in a regular expression. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
}

/**
 * The tokeniser: calls `run(i, j, hash)` for each plain run of letters and digits `lower[i..j)` (the hash
 * computed on the way) and `special(token)` for "c++", "c#", "f#", ".net" and "x.js", kept whole and
 * rewritten ("c++" → cpp, "c#" → csharp, "node.js" → nodejs). A hand-written scanner: it is the hot loop of the index
 * build, several times faster than iterating regular-expression matches.
 */
export function scan(lower: string, run: (i: number, j: number, hash: number) => void, special: (token: string) => void): void {
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const c = lower.charCodeAt(i);
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (!alnum) {
      // ".net" (followed by a non-word character)
      if (c === 46 && lower.startsWith('net', i + 1) && !(i + 4 < n && isWordCode(lower.charCodeAt(i + 4)))) {
        special('dotnet');
        i += 4;
        continue;
      }
      i++;
      continue;
    }
    if (c === 99 && i + 2 < n && lower.charCodeAt(i + 1) === 43 && lower.charCodeAt(i + 2) === 43) {
      special('cpp');
      i += 3;
      continue;
    }
    let h = c;
    let j = i + 1;
    while (j < n) {
      const d = lower.charCodeAt(j);
      if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57)) {
        h = (Math.imul(h, 31) + d) | 0;
        j++;
      } else break;
    }
    // (charCodeAt past the end returns NaN, which makes V8 deoptimise this loop: stay in bounds.)
    const next = j < n ? lower.charCodeAt(j) : 0;
    if (next === 35) {
      // "c#" → csharp, "f#" → fsharp, other "x#" → x
      const word = lower.slice(i, j);
      const t = word === 'c' ? 'csharp' : word === 'f' ? 'fsharp' : word;
      if (t.length <= 40) special(t);
      i = j + 1;
      continue;
    }
    if (next === 46 && j + 2 < n && lower.charCodeAt(j + 1) === 106 && lower.charCodeAt(j + 2) === 115 && !(j + 3 < n && isWordCode(lower.charCodeAt(j + 3)))) {
      // "node.js" → nodejs
      if (j - i + 2 <= 40) special(`${lower.slice(i, j)}js`);
      i = j + 3;
      continue;
    }
    if (j - i <= 40) run(i, j, h);
    i = j;
  }
}

/** Call `fn` with each raw token of lowercase text (as `scan` reads them), in order. */
function forEachToken(lower: string, fn: (token: string) => void): void {
  scan(lower, (i, j) => fn(lower.slice(i, j)), fn);
}

/** Call `fn` with each index term of a text (stop words removed, stemmed), in order, duplicates kept. */
export function forEachTerm(text: string, fn: (term: string) => void, lookup: TermLookup = termOf): void {
  const lower = text.toLowerCase();
  const emit = (token: string): void => {
    const t = lookup(token);
    if (t) fn(t);
  };
  scan(lower, (i, j) => emit(lower.slice(i, j)), emit);
}

/** Text → index terms (stop words removed, stemmed), in order, duplicates kept. */
export function terms(text: string, lookup: TermLookup = termOf): string[] {
  const out: string[] = [];
  forEachTerm(text, (t) => out.push(t), lookup);
  return out;
}

/**
 * General equivalences: each group lists words that people use for the same idea. A query word from a
 * group adds the others at reduced weight. Kept deliberately generic (no agent names, no catalog-specific
 * phrasing) so it helps paraphrased tasks without fitting the dev set.
 */
const GROUPS: string[][] = [
  ['slow', 'performance', 'latency', 'optimize', 'speed', 'bottleneck'],
  ['faster', 'performance', 'optimize', 'speed'],
  ['sluggish', 'performance', 'latency'],
  ['fast', 'performance'],
  ['crash', 'crashes', 'bug', 'debug', 'error', 'failure'],
  ['broken', 'bug', 'debug', 'failure'],
  ['bug', 'debug', 'defect', 'error'],
  ['fix', 'debug', 'bug', 'repair'],
  ['flaky', 'test', 'intermittent'],
  ['leak', 'memory'],
  ['db', 'database'],
  ['sql', 'database', 'query'],
  ['postgres', 'postgresql', 'database'],
  ['pg', 'postgresql', 'postgres'],
  ['mysql', 'database', 'sql'],
  ['sqlite', 'database', 'sql'],
  ['mongo', 'mongodb', 'database'],
  ['k8s', 'kubernetes'],
  ['kube', 'kubernetes'],
  ['docker', 'container', 'containerization'],
  ['container', 'docker', 'containerization'],
  ['js', 'javascript'],
  ['ts', 'typescript'],
  ['py', 'python'],
  ['golang', 'go'],
  ['rb', 'ruby'],
  ['ml', 'machine', 'learning', 'model'],
  ['ai', 'llm', 'model'],
  ['llm', 'language', 'model', 'ai', 'prompt'],
  ['gpt', 'llm', 'ai'],
  ['neural', 'deep', 'learning', 'model'],
  ['pytorch', 'torch', 'deep', 'learning', 'neural', 'model', 'training'],
  ['tensorflow', 'keras', 'deep', 'learning', 'neural', 'model', 'training'],
  ['train', 'training', 'model', 'learning'],
  ['ui', 'interface', 'frontend'],
  ['ux', 'usability', 'design', 'user', 'experience'],
  ['frontend', 'ui', 'client', 'browser'],
  ['backend', 'server', 'api'],
  ['api', 'endpoint', 'rest', 'interface'],
  ['endpoint', 'api', 'route'],
  ['rest', 'api', 'http'],
  ['auth', 'authentication', 'authorization', 'login'],
  ['login', 'authentication', 'auth'],
  ['password', 'authentication', 'security', 'credential'],
  ['vuln', 'vulnerability', 'security'],
  ['vulnerability', 'security'],
  ['hack', 'security', 'attack'],
  ['exploit', 'security', 'vulnerability'],
  ['secrets', 'security', 'credential'],
  ['ci', 'pipeline', 'continuous', 'integration', 'build'],
  ['cd', 'deployment', 'pipeline', 'continuous'],
  ['deploy', 'deployment', 'release'],
  ['ship', 'release', 'deployment'],
  ['release', 'version', 'deployment'],
  ['docs', 'documentation'],
  ['doc', 'documentation'],
  ['readme', 'documentation'],
  ['tests', 'testing'],
  ['unittest', 'test', 'testing'],
  ['coverage', 'test', 'testing'],
  ['lint', 'linter', 'linting', 'style'],
  ['linter', 'lint', 'style'],
  ['typing', 'type', 'types'],
  ['mypy', 'type', 'checking'],
  ['refactor', 'refactoring', 'clean', 'restructure', 'maintainability'],
  ['messy', 'clean', 'refactoring', 'maintainability'],
  ['spaghetti', 'refactoring', 'maintainability', 'clean'],
  ['legacy', 'refactoring', 'migration', 'modernization'],
  ['upgrade', 'migration', 'version', 'dependency'],
  ['migrate', 'migration'],
  ['dependency', 'package', 'dependencies'],
  ['package', 'dependency', 'packaging'],
  ['commit', 'git'],
  ['branch', 'git'],
  ['merge', 'git'],
  ['rebase', 'git', 'commit', 'history'],
  ['repo', 'repository', 'git'],
  ['cloud', 'aws', 'azure', 'gcp'],
  ['aws', 'cloud', 'amazon'],
  ['gcp', 'cloud', 'google'],
  ['azure', 'cloud', 'microsoft'],
  ['terraform', 'infrastructure', 'iac'],
  ['iac', 'infrastructure', 'terraform'],
  ['monitor', 'monitoring', 'observability', 'metrics'],
  ['logs', 'logging', 'observability'],
  ['alert', 'monitoring', 'alerting', 'incident'],
  ['outage', 'incident', 'reliability', 'downtime'],
  ['downtime', 'incident', 'reliability', 'availability'],
  ['oncall', 'incident', 'reliability'],
  ['cli', 'command', 'line', 'terminal'],
  ['terminal', 'cli', 'command', 'line'],
  ['shell', 'bash', 'script'],
  ['regex', 'pattern', 'text'],
  ['ios', 'iphone', 'apple', 'swift', 'mobile'],
  ['iphone', 'ios', 'mobile', 'apple'],
  ['android', 'mobile', 'kotlin'],
  ['app', 'application'],
  ['website', 'web', 'frontend'],
  ['webpage', 'web', 'html', 'frontend'],
  ['css', 'style', 'styling', 'html'],
  ['spreadsheet', 'excel', 'data'],
  ['csv', 'data', 'file'],
  ['etl', 'pipeline', 'data'],
  ['dataset', 'data'],
  ['chart', 'visualization', 'dashboard'],
  ['graph', 'visualization', 'chart'],
  ['plot', 'visualization', 'chart'],
  ['stats', 'statistics', 'statistical'],
  ['math', 'mathematical', 'mathematics'],
  ['equation', 'mathematical', 'math'],
  ['physics', 'physical', 'simulation'],
  ['game', 'gameplay'],
  ['kernel', 'linux', 'driver'],
  ['vm', 'virtual', 'machine', 'virtualization'],
  ['gpu', 'cuda', 'acceleration'],
  ['cache', 'caching'],
  ['queue', 'messaging', 'async'],
  ['concurrency', 'async', 'parallel', 'thread'],
  ['async', 'asynchronous', 'concurrency'],
  ['threads', 'thread', 'concurrency'],
  ['schema', 'database', 'model'],
  ['index', 'indexing', 'query'],
  ['indexes', 'indexing', 'index', 'query'],
  ['requirements', 'requirement', 'specification'],
  ['spec', 'specification', 'requirements'],
  ['plan', 'planning', 'roadmap'],
  ['estimate', 'planning', 'estimation'],
  ['license', 'licensing', 'open', 'source', 'compliance'],
  ['gdpr', 'compliance', 'privacy', 'regulation'],
  ['hipaa', 'compliance', 'privacy', 'regulation'],
  ['audit', 'compliance', 'review'],
  ['review', 'reviewer', 'audit'],
  ['pr', 'pull', 'request', 'review'],
  ['naming', 'name', 'nomenclature'],
  ['rename', 'naming', 'refactoring'],
  ['typo', 'copy', 'editing', 'grammar'],
  ['grammar', 'editing', 'copy', 'prose'],
  ['wording', 'editing', 'copy', 'prose'],
  ['prompt', 'llm', 'prompting'],
  ['embedding', 'embeddings', 'vector', 'semantic'],
  ['vector', 'embedding', 'semantic', 'similarity'],
  ['search', 'retrieval', 'query'],
  ['rag', 'retrieval', 'embedding', 'llm'],
  ['websocket', 'realtime', 'socket'],
  ['realtime', 'websocket', 'streaming'],
  ['graphql', 'api', 'schema'],
  ['grpc', 'api', 'protocol', 'rpc'],
  ['microservice', 'microservices', 'service', 'distributed'],
  ['payment', 'payments', 'billing', 'checkout'],
  ['checkout', 'payment', 'ecommerce'],
  ['seo', 'search', 'ranking', 'marketing'],
  ['accessibility', 'a11y', 'wcag'],
  ['a11y', 'accessibility', 'wcag'],
  ['i18n', 'internationalization', 'localization', 'translation'],
  ['translate', 'translation', 'localization'],
  ['bytecode', 'compiler', 'interpreter'],
  ['parser', 'parsing', 'grammar', 'compiler'],
  ['dsl', 'language', 'grammar', 'parser'],
];

/**
 * Clusters of words that stand in for each other in task descriptions (symmetric: any member adds the
 * others). Plain software-engineering vocabulary, kept small per cluster so expansion stays precise.
 */
const CLUSTERS: string[][] = [
  ['performance', 'latency', 'throughput', 'slow', 'slowness', 'sluggish', 'bottleneck'],
  ['optimize', 'optimization', 'tune', 'tuning', 'speedup', 'faster'],
  ['profile', 'profiling', 'profiler', 'benchmark', 'benchmarking'],
  ['bug', 'defect', 'debug', 'debugging', 'crash', 'crashes', 'fault', 'broken'],
  ['error', 'errors', 'exception', 'exceptions', 'failure', 'failing', 'fails'],
  ['memory', 'leak', 'oom', 'heap', 'allocation'],
  ['database', 'db', 'sql', 'postgres', 'postgresql', 'mysql', 'sqlite', 'rdbms'],
  ['query', 'queries', 'sql'],
  ['index', 'indexes', 'indexing'],
  ['schema', 'migration', 'table', 'tables'],
  ['test', 'tests', 'testing', 'unittest', 'pytest', 'jest', 'tdd'],
  ['coverage', 'test', 'untested'],
  ['flaky', 'intermittent', 'nondeterministic', 'sporadic'],
  ['security', 'vulnerability', 'vulnerable', 'exploit', 'injection', 'xss', 'csrf', 'attack', 'cve'],
  ['authentication', 'auth', 'login', 'oauth', 'jwt', 'sso', 'password', 'credential'],
  ['authorization', 'permission', 'permissions', 'rbac', 'acl'],
  ['secret', 'secrets', 'credential', 'credentials', 'vault'],
  ['deploy', 'deployment', 'rollout', 'release', 'ship'],
  ['container', 'docker', 'containerization', 'dockerfile', 'containerize'],
  ['kubernetes', 'k8s', 'kube', 'helm', 'pod', 'pods'],
  ['ci', 'cicd', 'pipeline', 'jenkins', 'workflow'],
  ['monitoring', 'observability', 'metrics', 'alerting', 'tracing', 'telemetry', 'dashboards'],
  ['logging', 'logs', 'log'],
  ['incident', 'outage', 'downtime', 'oncall', 'postmortem'],
  ['reliability', 'availability', 'uptime', 'sre', 'resilience'],
  ['documentation', 'docs', 'doc', 'readme', 'docstring', 'docstrings'],
  ['refactor', 'refactoring', 'cleanup', 'restructure', 'simplify', 'maintainability', 'readability'],
  ['api', 'endpoint', 'endpoints', 'rest', 'restful'],
  ['frontend', 'ui', 'interface', 'layout', 'widget', 'component', 'components'],
  ['ux', 'usability', 'accessibility', 'a11y', 'wcag'],
  ['responsive', 'layout', 'breakpoint', 'breakpoints', 'css'],
  ['mobile', 'ios', 'android', 'iphone', 'ipad'],
  ['ml', 'model', 'training', 'neural', 'pytorch', 'tensorflow', 'keras'],
  ['llm', 'gpt', 'prompt', 'prompts', 'claude', 'chatbot'],
  ['embedding', 'embeddings', 'vector', 'vectors', 'semantic', 'similarity'],
  ['concurrency', 'concurrent', 'concurrently', 'parallel', 'async', 'asyncio', 'threads', 'threading', 'multiprocessing'],
  ['type', 'types', 'typing', 'typed', 'mypy', 'annotation', 'annotations', 'pyright'],
  ['lint', 'linter', 'linting', 'ruff', 'flake8', 'eslint', 'pylint'],
  ['dependency', 'dependencies', 'package', 'packages', 'requirements', 'pip', 'lockfile'],
  ['git', 'commit', 'commits', 'branch', 'rebase', 'merge'],
  ['plan', 'planning', 'roadmap', 'milestone', 'milestones', 'schedule'],
  ['requirement', 'requirements', 'spec', 'specification', 'story', 'stories'],
  ['balance', 'balancing', 'fairness', 'overpowered', 'nerf'],
  ['cli', 'command', 'terminal', 'shell', 'console'],
  ['naming', 'name', 'names', 'terminology', 'nomenclature', 'vocabulary'],
  ['category', 'categories', 'categorize', 'classification', 'taxonomy'],
  ['cost', 'budget', 'pricing', 'spend'],
  ['scale', 'scalability', 'scaling', 'capacity', 'traffic'],
  ['cache', 'caching', 'memoize', 'redis'],
  ['queue', 'queues', 'broker', 'kafka', 'rabbitmq', 'pubsub'],
  ['streaming', 'realtime', 'websocket', 'websockets', 'live'],
  ['etl', 'ingestion', 'pipeline', 'dataflow'],
  ['visualization', 'chart', 'charts', 'graph', 'plot', 'plotting'],
  ['statistics', 'statistical', 'stats', 'analytics', 'regression'],
  ['math', 'mathematics', 'mathematical', 'equation', 'equations', 'formula', 'symbolic'],
  ['simulation', 'simulate', 'simulator', 'physics'],
  ['license', 'licenses', 'licensing', 'copyright', 'gpl'],
  ['compliance', 'regulation', 'regulatory', 'gdpr', 'hipaa', 'soc2'],
  ['privacy', 'pii', 'personal', 'gdpr'],
  ['migrate', 'migration', 'upgrade', 'legacy', 'modernize', 'modernization', 'port'],
  ['compatibility', 'backward', 'backwards', 'deprecation', 'breaking'],
  ['review', 'reviewer', 'critique', 'feedback'],
  ['architecture', 'architect', 'architectural', 'design'],
  ['integration', 'integrate', 'interoperability', 'connector'],
  ['configuration', 'config', 'yaml', 'toml'],
  ['automation', 'automate', 'script', 'scripts', 'scripting'],
  ['rendering', 'graphics', 'shader', 'shaders', 'fps', 'framerate'],
  ['kernel', 'driver', 'drivers', 'linux', 'syscall'],
  ['vm', 'virtualization', 'hypervisor', 'qemu', 'kvm', 'vagrant'],
  ['compiler', 'compilation', 'bytecode', 'parser', 'interpreter', 'ast'],
  ['regex', 'sed', 'awk', 'grep'],
  ['swift', 'swiftui', 'uikit', 'xcode'],
  ['rust', 'cargo', 'crate', 'crates'],
  ['golang', 'go', 'goroutine', 'goroutines'],
  ['typescript', 'ts', 'javascript', 'js', 'node', 'nodejs', 'npm'],
  ['python', 'py', 'pyproject', 'poetry'],
  ['editing', 'proofread', 'proofreading', 'grammar', 'wording', 'prose', 'copyedit'],
  ['error', 'handling', 'retry', 'retries'],
  ['data', 'dataset', 'datasets', 'csv', 'spreadsheet'],
  // Symptoms and everyday words for the same ideas.
  ['latency', 'p99', 'p95', 'p90', 'p50', 'percentile', 'slowdown'],
  ['crash', 'dies', 'died', 'killed', 'segfault', 'panic', 'hang', 'hangs', 'freeze', 'freezes'],
  ['exception', 'traceback', 'stacktrace', 'keyerror', 'typeerror', 'valueerror', 'nullpointerexception', 'undefined'],
  ['plugin', 'plugins', 'extension', 'extensions', 'extensible', 'extensibility', 'pluggable'],
  ['async', 'asyncio', 'coroutine', 'coroutines', 'await', 'concurrency'],
  ['license', 'proprietary', 'copyleft', 'agpl', 'lgpl', 'gpl', 'spdx'],
  ['documentation', 'guide', 'guides', 'tutorial', 'tutorials', 'howto', 'manual', 'walkthrough'],
  ['accessibility', 'voiceover', 'talkback', 'screenreader', 'aria'],
  ['performance', 'stutter', 'stutters', 'jank', 'lag', 'lags', 'laggy', 'fps'],
  ['experiment', 'significance', 'hypothesis', 'variant', 'variants', 'statistical'],
  ['email', 'emails', 'spam', 'deliverability', 'dkim', 'spf', 'dmarc', 'inbox'],
  ['backup', 'backups', 'restore', 'recovery', 'snapshot', 'snapshots', 'disaster'],
  ['kubernetes', 'evicted', 'eviction', 'oomkilled', 'replicas', 'autoscaling', 'hpa'],
  ['sprint', 'sprints', 'backlog', 'scrum', 'agile', 'estimate', 'estimation'],
  ['infrastructure', 'iac', 'cloudformation', 'pulumi', 'terraform', 'provisioning'],
  ['monolith', 'microservice', 'microservices', 'decomposition', 'decompose'],
];

/**
 * A table built on first use, then never changed: built at module load, every process start (CLI and
 * server, routing or not) would pay for it.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/**
 * A table key → equivalents (weight 0.5, at most MAX_EQUIVALENTS_PER_WORD each) from every listed pair: GROUPS one-way
 * (head → rest), CLUSTERS all-to-all. `link` says which keys a pair adds, through `add`.
 */
function equivalenceTable(link: (from: string, to: string, add: (key: string, equivalent: string) => void) => void): Map<string, Map<string, number>> {
  const map = new Map<string, Map<string, number>>();
  const add = (key: string, equivalent: string): void => {
    const out = map.get(key) ?? new Map<string, number>();
    if (out.size < MAX_EQUIVALENTS_PER_WORD && !out.has(equivalent)) out.set(equivalent, 0.5);
    map.set(key, out);
  };
  for (const cluster of CLUSTERS) for (const a of cluster) for (const b of cluster) link(a, b, add);
  for (const [head, ...rest] of GROUPS) if (head !== undefined) for (const word of rest) link(head, word, add);
  return map;
}

/**
 * `f` remembered for the words of one table build: the lists pair every word with many others, so without
 * this a build stems the same few hundred words tens of thousands of times (a few hundred milliseconds of
 * the first match after a start).
 */
function memoized<T>(f: (word: string) => T): (word: string) => T {
  const seen = new Map<string, T>();
  return (word) => {
    let v = seen.get(word);
    if (v === undefined) {
      v = f(word);
      seen.set(word, v);
    }
    return v;
  };
}

/** term → equivalents with weights (< 1), keyed by stem. */
const expansions = lazy(() => {
  const stemOf = memoized(stem);
  return equivalenceTable((from, to, add) => {
    const a = stemOf(from);
    const b = stemOf(to);
    if (a !== b) add(a, b);
  });
});

/** Regular inflections of a listed word ("crash" → crashes, crashed, crashing; "query" → queries). */
function inflections(word: string): string[] {
  const out = new Set([word, `${word}s`, `${word}es`, `${word}ed`, `${word}d`, `${word}ing`]);
  if (word.endsWith('e')) {
    out.add(`${word.slice(0, -1)}ing`);
    out.add(`${word.slice(0, -1)}ed`);
  }
  if (word.endsWith('y')) {
    out.add(`${word.slice(0, -1)}ies`);
    out.add(`${word.slice(0, -1)}ied`);
  }
  // "ship" → shipping, shipped
  if (/[^aeiou][aeiou][bdgklmnprt]$/.test(word)) {
    const last = word.slice(-1);
    out.add(`${word}${last}ing`);
    out.add(`${word}${last}ed`);
  }
  return [...out];
}

/**
 * The same equivalences keyed by the word as written (and its regular inflections) rather than its stem:
 * stems merge words that mean different things ("response" and "responsive" → respons, "break" and
 * "breaking" → break), and an equivalence listed for one should not fire for the other.
 */
const surfaceExpansions = lazy(() => {
  const stemOf = memoized(stem);
  const formsOf = memoized(inflections);
  return equivalenceTable((from, to, add) => {
    const b = stemOf(to);
    for (const form of formsOf(from)) if (stemOf(form) !== b) add(form, b);
  });
});

/** Equivalents of a term (by stem; boundary matching uses it), with weights. */
export function expansionsOf(term: string): ReadonlyMap<string, number> | undefined {
  return expansions().get(term);
}

export interface QueryTerm {
  term: string;
  weight: number;
  /** True for the words of the task itself, false for added equivalents. */
  original: boolean;
  /** For an added equivalent: the task term it stands in for (the strongest one). */
  from?: string;
}

export interface QueryOptions {
  /** Add equivalents (default true). */
  expand?: boolean;
  /**
   * How much a task term's equivalents count (0–1), e.g. by how specific the term is in the catalog: a rare
   * or unknown word ("gpl") is worth translating into the catalog's words; a common one ("design") is not.
   * Default 1.
   */
  specificity?: (term: string) => number;
  /** Token → term (default: computed each time; the engine passes its dictionary's memoised lookup). */
  lookup?: TermLookup;
}

/** Task text → weighted query terms: the task's own terms (weight 1) plus equivalents (weight < 1). */
/**
 * The task's own words, by the term each one becomes: term → the first word of the task (lowercased) that
 * gives it. Explanations show these, never the stems.
 */
export function taskWords(task: string, lookup: TermLookup = termOf): Map<string, string> {
  // eslint-disable-next-line no-control-regex
  const text = (task.length > MAX_QUERY_CHARS ? task.slice(0, MAX_QUERY_CHARS) : task).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ' ');
  const out = new Map<string, string>();
  forEachToken(text.toLowerCase(), (token) => {
    if (out.size >= MAX_QUERY_TERMS) return;
    const t = lookup(token);
    if (t && !out.has(t)) out.set(t, token);
  });
  return out;
}

export function queryTerms(task: string, options: QueryOptions = {}): QueryTerm[] {
  const lookup = options.lookup ?? termOf;
  // Terminal colour codes pasted with a task ("\u001b[31m") are not words.
  // eslint-disable-next-line no-control-regex
  const text = (task.length > MAX_QUERY_CHARS ? task.slice(0, MAX_QUERY_CHARS) : task).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ' ');
  const out = new Map<string, QueryTerm>();
  const surfaces = new Map<string, Set<string>>();
  const lower = text.toLowerCase();
  forEachToken(lower, (token) => {
    if (out.size >= MAX_QUERY_TERMS) return;
    const t = lookup(token);
    if (!t) return;
    if (!out.has(t)) out.set(t, { term: t, weight: 1, original: true });
    const forms = surfaces.get(t) ?? new Set<string>();
    forms.add(token);
    surfaces.set(t, forms);
  });
  if (options.expand !== false) {
    const originals = [...out.values()];
    for (const q of originals) {
      const ex = new Map<string, number>();
      for (const form of surfaces.get(q.term) ?? []) for (const [t, w] of surfaceExpansions().get(form) ?? []) ex.set(t, Math.max(w, ex.get(t) ?? 0));
      if (ex.size === 0) continue;
      // A word's equivalents share one word's worth of weight, so a word with many equivalents does not
      // outweigh the task's own words.
      const share = (options.specificity ? options.specificity(q.term) : 1) / Math.pow(ex.size, EXPANSION_SPLIT);
      for (const [t, w] of ex) {
        const weight = w * share;
        if (weight <= 0) continue;
        const prev = out.get(t);
        if (!prev) out.set(t, { term: t, weight, original: false, from: q.term });
        else if (!prev.original && prev.weight < weight) {
          prev.weight = weight;
          prev.from = q.term;
        }
      }
    }
  }
  return [...out.values()];
}
