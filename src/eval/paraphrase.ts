/**
 * A small hand-written sanity set of realistic tasks for the dev catalog (snits agent-templates + seeds),
 * phrased the way users write them: symptoms and goals, not the agents' own key phrases. Written once,
 * before tuning on it; it is reported next to the leave-one-out numbers, not optimised against.
 * Each task lists every agent that would be a right answer.
 */
export interface ParaphraseCase {
  task: string;
  accept: string[];
}

export const PARAPHRASE_CASES: readonly ParaphraseCase[] = [
  // close neighbours: python-engineer vs python-pro vs python-infrastructure-engineer
  { task: 'Add an endpoint to our Flask service that returns paginated orders as JSON', accept: ['python-engineer'] },
  { task: 'Write a script that reads the monthly sales spreadsheet with pandas and loads the totals into Postgres', accept: ['python-engineer', 'data-processing-specialist'] },
  { task: 'Build a small Django app with login and an admin page for our support team', accept: ['python-engineer'] },
  { task: 'This numeric hot loop in our Python simulation needs to run fifty times faster; a native extension is fine', accept: ['python-pro'] },
  { task: 'Let third parties plug in their own storage backends without subclassing anything, fully type checked', accept: ['python-pro', 'python-dependency-injection-specialist'] },
  { task: 'When one of the download coroutines errors, cancel the rest and surface the exception cleanly', accept: ['python-pro'] },
  { task: 'Developers keep committing with --no-verify because the git hooks for bandit and ruff disagree on config', accept: ['python-infrastructure-engineer'] },
  { task: 'Our pyproject has conflicting formatter and linter settings and the pre-commit run fails on every commit', accept: ['python-infrastructure-engineer', 'python-type-linting-specialist'] },
  // infrastructure neighbours
  { task: 'Spin up throwaway Postgres and Redis instances for our integration tests instead of mocking them', accept: ['infrastructure-specialist'] },
  { task: 'New hires need a whole day to get a working local environment; make it one command', accept: ['infrastructure-specialist', 'devops-engineer'] },
  { task: 'Our pods keep getting OOMKilled and services cannot reach each other across namespaces', accept: ['container-infrastructure-engineer'] },
  { task: 'Shrink our Docker images and lock them down before they go to production', accept: ['container-infrastructure-engineer'] },
  // other specialists in the dev catalog
  { task: 'The monthly report query scans the whole orders table; work out which indexes we are missing', accept: ['database-specialist', 'python-database-engineer', 'typescript-database-engineer'] },
  { task: 'The nightly job randomly dies with a KeyError and nobody can explain why', accept: ['debug-specialist'] },
  { task: 'Someone could probably slip malicious input through our search box into the database; check it', accept: ['security-engineer'] },
  { task: 'Polish the wording of this blog post without changing my voice', accept: ['copy-editor'] },
  { task: 'Split this giant messy commit into a series of small logical ones', accept: ['git-decomposition-specialist', 'atomic-git-manager'] },
  { task: 'Our p99 response time tripled after the last release; find out where the time goes', accept: ['performance-engineer', 'systems-performance-engineer'] },
  { task: 'The borrow checker rejects my async Rust service code and I do not understand the lifetimes', accept: ['rust-specialist'] },
  { task: 'Our Go worker pool leaks goroutines under load', accept: ['golang-specialist'] },
  { task: 'Can we ship a proprietary product that links against a GPL library?', accept: ['open-source-licensing-auditor'] },
  { task: 'Write a one-liner that rewrites every date in these log files to ISO format', accept: ['sed-awk-wizard'] },
  { task: 'Should we break our monolith into services, and where would the seams be?', accept: ['systems-architect', 'software-architect', 'architectural-patterns-expert'] },
  { task: 'Come up with consistent names for these concepts so the API, database and UI use the same words', accept: ['nomenclature-specialist'] },
  { task: 'One character class in our multiplayer game wins far too often; rebalance it', accept: ['game-balance-analyst'] },
  { task: 'Our game stutters and drops frames when many particles are on screen', accept: ['game-performance-analyst', 'rendering-engineer'] },
  { task: 'Write a guide that explains to new users how to install and configure our tool', accept: ['technical-documentation-specialist'] },
  { task: 'Break this feature into tasks with dependencies and an order of work', accept: ['meticulous-project-planner', 'project-manager'] },
  { task: 'Our terminal dashboard needs keyboard navigation and live-updating panels', accept: ['tui-specialist'] },
  { task: 'Our VoiceOver users cannot complete the signup form in the iPhone app', accept: ['swiftui-implementation-engineer', 'swift-implementation-engineer', 'swiftui-implementation-specialist'] },
];
