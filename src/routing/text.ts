/**
 * Text processing shared by the routing index, matcher and boundary scorer: normalisation, tokenising,
 * stop words, stemming and a small table of general software-engineering equivalences used to expand
 * queries (abbreviations and plain-language symptoms → the words agent files use).
 */
import { stem } from './stem.js';

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
    // task chatter
    'help hi hey thanks thank ok okay im ive id dont doesnt cant wont isnt lets something anything thing things stuff someone ' +
    'way ways kind sort lot lots able sure going go trying try tried new old current currently existing basically actually ' +
    // agent-file chatter
    'agent agents claude assistant user users use used uses using e g eg ie example examples'
  ).split(/\s+/),
);

/** Stop words, exported for tests and the reason snippets. */
export function isStopWord(token: string): boolean {
  return STOP.has(token);
}

/** Replace symbols that carry meaning in tech names before splitting on punctuation. */
export function normalizeText(text: string): string {
  return (
    text
      .toLowerCase()
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
      .replace(/c\+\+/g, ' cpp ')
      .replace(/(^|[^a-z0-9])c#/g, '$1 csharp ')
      .replace(/(^|[^a-z0-9])f#/g, '$1 fsharp ')
      .replace(/(^|[^a-z0-9])\.net\b/g, '$1 dotnet ')
      .replace(/\bci\/cd\b/g, ' cicd ci cd ')
      .replace(/\b(node|next|vue|nuxt|react|express|three|d3|socket)\.js\b/g, ' $1js $1 ')
      .replace(/'s\b/g, '')
      .replace(/[’']/g, '')
  );
}

/** Split normalised text into raw tokens (letters and digits). */
export function rawTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(/[a-z0-9]+/g)) {
    const t = m[0];
    if (t.length > 40) continue;
    out.push(t);
  }
  return out;
}

/** One raw token → its index term, or undefined when it is a stop word or noise. */
export function termOf(token: string): string | undefined {
  if (token.length < 2 && !/^[a-z]$/.test(token)) return undefined;
  if (token.length === 1) return token === 'r' || token === 'c' ? token : undefined;
  if (STOP.has(token)) return undefined;
  if (/^\d+$/.test(token) && token.length < 3) return undefined;
  return stem(token);
}

/** Text → index terms (stop words removed, stemmed), in order, duplicates kept. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const tok of rawTokens(text)) {
    const t = termOf(tok);
    if (t) out.push(t);
  }
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

/** term → [term, weight][] of expansions (weights < 1), built once. */
const EXPANSIONS: Map<string, Map<string, number>> = (() => {
  const map = new Map<string, Map<string, number>>();
  for (const group of GROUPS) {
    const [head, ...rest] = group;
    if (head === undefined) continue;
    const key = stem(head);
    const out = map.get(key) ?? new Map<string, number>();
    for (const word of rest) {
      const t = stem(word);
      if (t !== key && !out.has(t)) out.set(t, 0.5);
    }
    map.set(key, out);
  }
  return map;
})();

export function expansionsOf(term: string): ReadonlyMap<string, number> | undefined {
  return EXPANSIONS.get(term);
}

export interface QueryTerm {
  term: string;
  weight: number;
  /** True for the words of the task itself, false for added equivalents. */
  original: boolean;
}

/** The most distinct terms a query keeps (a 1 MB task is cut to its first words). */
export const MAX_QUERY_TERMS = 64;
/** The most characters of a task that are read. */
export const MAX_QUERY_CHARS = 8_000;

/** Task text → weighted query terms: the task's own terms (weight 1) plus equivalents (weight < 1). */
export function queryTerms(task: string, options: { expand?: boolean } = {}): QueryTerm[] {
  const text = task.length > MAX_QUERY_CHARS ? task.slice(0, MAX_QUERY_CHARS) : task;
  const out = new Map<string, QueryTerm>();
  for (const t of terms(text)) {
    if (out.size >= MAX_QUERY_TERMS) break;
    if (!out.has(t)) out.set(t, { term: t, weight: 1, original: true });
  }
  if (options.expand !== false) {
    const originals = [...out.values()];
    for (const q of originals) {
      const ex = EXPANSIONS.get(q.term);
      if (!ex) continue;
      for (const [t, w] of ex) {
        const prev = out.get(t);
        if (!prev) out.set(t, { term: t, weight: w, original: false });
        else if (!prev.original && prev.weight < w) prev.weight = w;
      }
    }
  }
  return [...out.values()];
}
