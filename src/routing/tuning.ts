/**
 * Every number that shapes routing answers or bounds routing memory, in one place. Each says which command
 * justifies it; why each value was chosen (the options measured and their numbers) is in docs/decisions.md.
 *
 *   eval   = `npm run eval:routing` (dev sets per catalog, off-topic sets, route decisions, reliability table;
 *            `-- --fit` refits the models below)
 *   bench  = `npm run bench -- --only routing,scale` (build time, heap, latency at 1,000 and 10,000 agents)
 */
import type { CardField } from './card.js';

// ---------------------------------------------------------------------------------------------------------
// Cards: what of an agent file is read, and how much each part counts.

/** How much of an agent file a card reads into each field (characters). */
export interface CardLimits {
  /** Prose and bullets outside usage / expertise sections. */
  body: number;
  /** Headings, and bullets under expertise / responsibility headings. */
  expertise: number;
  /** "Use this agent when…" lines and bullets under usage headings. */
  usage: number;
  /** Leave out sections about the agent's process rather than its domain (tool access, MCP tools, modes, metrics…). */
  skipProcess: boolean;
}

/** eval: lower caps, or skipping process sections, lose dev and paraphrase top-1 (decisions.md "Routing: card limits"). */
export const CARD_LIMITS: Readonly<CardLimits> = { body: 8_000, expertise: 8_000, usage: 8_000, skipProcess: false };

/**
 * How many times a term of each field counts in the index (whole numbers: the index stores integer counts).
 * eval: usage 3 rather than 2 lifts dev top-1; the others are within noise (decisions.md "Routing: field weights").
 */
export const FIELD_WEIGHTS: Readonly<Record<CardField, number>> = {
  name: 3,
  summary: 2,
  examples: 2,
  usage: 3,
  expertise: 2,
  body: 1,
};

// ---------------------------------------------------------------------------------------------------------
// The lexical search (index.ts, match.ts).

/** Static pruning of common words' weak postings (index.ts). */
export interface PruneTuning {
  /** Only in catalogs of at least this many agents. */
  minDocs: number;
  /** Only words found in more than this share of the agents. */
  dfShare: number;
  /** Postings that count less than this are dropped. */
  belowCount: number;
}

/** eval: neutral to better on every set; bench: fewer postings to score per query (decisions.md "Routing: static pruning"). */
export const DEFAULT_PRUNE: Readonly<PruneTuning> = { minDocs: 50, dfShare: 0.25, belowCount: 3 };

export interface SearchTuning {
  /** How much of an agent file each card field reads (characters). */
  limits: Readonly<CardLimits>;
  /** Static pruning of common words' weak postings. */
  prune: Readonly<PruneTuning>;
  /** How many times a term of each card field counts in the indexed text. */
  fieldWeights: Readonly<Record<CardField, number>>;
  /** Occurrences of a term per card field beyond this add nothing. */
  tfCap: number;
  /** BM25+ parameters: term saturation k, length normalisation b, lower bound d. */
  bm25: { k: number; b: number; d: number };
  /**
   * How much matching more of the task's words counts: the score is the BM25+ score summed over the matched
   * words times (matched query weight)^coordination.
   */
  coordination: number;
  /** Weight of added equivalent terms (text.ts), 0 = no expansion. */
  expansion: number;
  /**
   * Equivalents of a task word count (idf / largest idf)^this: a word the catalog rarely or never uses is
   * translated into the catalog's words at full weight, a common word's equivalents barely count. 0 = off.
   */
  expansionSpecificity: number;
  /** At most this many equivalents per task (the heaviest), to bound the search time of long tasks. */
  maxExpansions: number;
  /**
   * In catalogs of at least 50 agents, task words found in more than this share of the agents are not
   * searched (1 = every word is searched).
   */
  maxDfShare: number;
  /**
   * Rank fusion with a second lexical model: query likelihood with Dirichlet smoothing (`mu`) over the same
   * postings, fused with the BM25+ ranking by reciprocal rank (1 / (k + rank) summed). Undefined = BM25+ only.
   */
  likelihood?: { mu: number; k: number } | undefined;
}

/**
 * The tuning every server uses. eval: the BM25+ values and the coordination are best or tied on every set;
 * the likelihood fusion lifts the paraphrase and voltagent sets (decisions.md "Routing: BM25+ parameters",
 * "Query-likelihood fusion").
 * Its JSON fingerprints the routing documents saved with the parse cache (persist.ts): changing a value
 * makes the next start rebuild them.
 */
export const DEFAULT_TUNING: Readonly<SearchTuning> = {
  limits: CARD_LIMITS,
  prune: DEFAULT_PRUNE,
  fieldWeights: FIELD_WEIGHTS,
  tfCap: 3,
  bm25: { k: 3, b: 0.7, d: 0.5 },
  coordination: 0.25,
  expansion: 0.5,
  expansionSpecificity: 0,
  maxExpansions: 6,
  maxDfShare: 1,
  likelihood: { mu: 1000, k: 60 },
};

/** How many ranked candidates a search keeps (enough for any limit and for the confidence features). */
export const CANDIDATES_KEPT = 60;

// ---------------------------------------------------------------------------------------------------------
// Query text (text.ts).

/** The most distinct terms a query keeps (a 1 MB task is cut to its first words). */
export const MAX_QUERY_TERMS = 64;
/** The most characters of a task that are read. */
export const MAX_QUERY_CHARS = 8_000;
/** How a word's equivalents split its weight: weight / count^SPLIT (0 = no split, 1 = even split). eval. */
export const EXPANSION_SPLIT = 1;
/** Most equivalents one listed word may add (text.ts tables). eval. */
export const MAX_EQUIVALENTS_PER_WORD = 8;

// ---------------------------------------------------------------------------------------------------------
// Confidence and abstention (match.ts).

/** Below this top confidence a match by words alone abstains. eval (decisions.md "Routing: confidence calibration"). */
export const ABSTAIN_BELOW = 0.2;

/**
 * Logistic calibration of P(candidate is the right agent) from the search features (match.ts `features`),
 * fitted by `npm run eval:routing -- --fit`; eval: calibrated on the top match (decisions.md "Routing: confidence calibration").
 */
export const CALIBRATION = {
  bias: -6.0,
  coverage: 2.21,
  relative: 1.23,
  lead: 1.74,
  strength: 2.75,
  idfCoverage: 1.02,
  isTop: 1.4,
} as const;

/**
 * Reasons read the body fields (which need the card) for the best match, and for at most this many other
 * matches whose name, description and examples gave no reason at all. bench: match p50 / p99.
 */
export const BODY_LOOKUPS = 1;

// ---------------------------------------------------------------------------------------------------------
// route_task (route.ts). Checked by test/routing/route.test.ts and the route cases of eval.

/** A boundary wins over the agent's own scope when it covers at least this share of the combined evidence. */
export const HANDOFF_SHARE = 0.5;
/** An escalation that names nobody must carry clearly more than the agent's own scope (and twice the mass). */
export const EXPERTS_SHARE = 0.75;
/** …and its evidence weighs at least this much (a bit more than one specific word), one word of it literal. */
export const MIN_BOUNDARY_MASS = 0.9;
/** Confidence under which a task counts as outside the current agent's scope. */
export const OUT_OF_SCOPE_BELOW = 0.15;
/** Weight of a task word that a boundary covers only through an equivalent word. */
export const EQUIVALENT_WEIGHT = 0.5;
/** A named neighbour must match with at least this confidence (and rank above the agent itself). */
export const NEIGHBOUR_MIN_CONFIDENCE = 0.3;
/** How many matches route_task ranks before deciding. */
export const ROUTE_CANDIDATES = 20;

// ---------------------------------------------------------------------------------------------------------
// Memory bounds: sizes of the caches the engine owns. bench: heap and latency at 1,000 and 10,000 agents.

/** Routing cards kept per engine (a card holds ~10 KB of text; cards are rebuilt on demand). */
export const CARD_CACHE_SIZE = 256;
/** Lowercased name / description / example fields kept per engine for the reason lookup. */
export const HEAD_CACHE_SIZE = 1024;
/** Lowercased body fields kept per engine for the reason lookup. */
export const BODY_CACHE_SIZE = 256;
/** Past this many terms the term dictionary starts a new generation (hostile or enormous catalogs). */
export const MAX_DICTIONARY = 1 << 20;
/** Raw token → term memo (queries, boundary topics); cleared when full. */
export const TERM_MEMO_SIZE = 50_000;
/** Special token (c++, node.js…) → term id memo of the index build; cleared when full. */
export const ID_MEMO_SIZE = 10_000;
/** Slots of the run table (plain token → term id) of the index build; cleared at 60% full. */
export const RUN_TABLE_SLOTS = 1 << 17;
/** Memo of agent-name normalisation while reading boundaries; cleared when full. */
export const AGENT_NAME_MEMO_SIZE = 20_000;
/** Memo of heading → boundary kind while reading boundaries; cleared when full. */
export const SECTION_KIND_MEMO_SIZE = 50_000;

// ---------------------------------------------------------------------------------------------------------
// Meaning: agent vectors and the fused ranking (vectors.ts, hybrid.ts). eval = `npm run eval:routing`,
// `-- --fit` refits the two models below on the training half of the dev sets (decisions.md "Routing by
// meaning: fusion, abstention, calibration").

/** What of a card becomes passages for the encoder: characters per passage, and how many of each kind. eval. */
export const PASSAGES = { chars: 400, examples: 8, usage: 2, expertise: 6 } as const;

/**
 * A catalog this small gets its agent vectors computed within the short wait of a routing call (match_agents,
 * route_task, delegate without an agent) after a start; a larger one is answered by words until its vectors
 * are ready, unless they are on disk or reused from the previous snapshot. bench (`npm run bench -- --only meaning`; decisions.md "Routing by meaning: waiting for
 * agent vectors").
 */
export const QUICK_VECTOR_AGENTS = 100;

/** Agents compared passage by passage: the lexical candidates plus this many closest centroids. bench + eval. */
export const CENTROID_CANDIDATES = 60;

/** The inputs of MATCH_MODEL (each is described in hybrid.ts CandidateFeatures), in the order the eval fits them. */
export const MATCH_FEATURES = ['best', 'centroid', 'gap', 'lexical', 'relative', 'coverage', 'summary', 'example', 'unnamed'] as const;
/** The inputs of SCOPE_MODEL (hybrid.ts ScopeFeatures), in the order the eval fits them. */
export const SCOPE_FEATURES = ['top', 'best', 'anchor', 'margin', 'lexical', 'coverage', 'catalog', 'context'] as const;

/** A logistic model: a bias and one weight per input. */
export type LogisticModel<K extends string> = { bias: number } & Record<K, number>;
export type MatchModel = LogisticModel<(typeof MATCH_FEATURES)[number]>;
export type ScopeModel = LogisticModel<(typeof SCOPE_FEATURES)[number]>;

/**
 * P(this agent is the right one), a logistic model over how the task compares with the agent by meaning
 * (closest passage, centroid, gap to the closest passage of any agent, description, closest example) and by
 * words (the lexical confidence, score relative to the best, share of the task's words matched).
 */
export const MATCH_MODEL: Readonly<MatchModel> = {
  bias: -5.622,
  best: 1.519,
  centroid: 1.823,
  gap: 1.747,
  lexical: 1.765,
  relative: 2.121,
  coverage: 0.057,
  summary: 2.359,
  example: -0.638,
  unnamed: 1.131,
};

/**
 * P(some agent of the catalog fits the task at all), a logistic model over the best match's probability, its
 * closest passage, the closest everyday anchor sentence (anchors.ts), their difference, the best lexical
 * confidence and word coverage, the task's similarity with the catalog, and the same difference with the top
 * agents' name words taken out of the task (hybrid.ts ScopeFeatures.context). Trained on in-scope dev tasks
 * against off-topic ones.
 */
export const SCOPE_MODEL: Readonly<ScopeModel> = {
  bias: -3.154,
  top: 3.214,
  best: 2.379,
  anchor: -0.462,
  margin: 2.841,
  lexical: 0.772,
  coverage: 2.092,
  catalog: 0.414,
  context: 3.612,
};

/**
 * The confidence a match reports: min(P(right agent), P(in scope)) mapped through sigmoid(scale · logit + shift),
 * fitted on the top matches of the training tasks so that "0.8" means right about 8 times in 10 (eval prints
 * the reliability table).
 */
export const CONFIDENCE: Readonly<{ scale: number; shift: number }> = { scale: 1.413, shift: 0.94 };

/**
 * Below this P(in scope) the matcher abstains. eval: the highest threshold that keeps at most 2% of in-scope
 * training tasks abstaining (`npm run eval:routing -- --fit` prints it with the models above).
 */
export const SCOPE_BELOW = 0.249;

// ---------------------------------------------------------------------------------------------------------
// route_task by meaning (route.ts), when the agent vectors are ready.

/** A hand-off the agent's own file asks for reports at least this confidence. */
export const BOUNDARY_HANDOFF_CONFIDENCE = 0.5;

/**
 * When route_task hands off by meaning. eval (route decisions): these values, chosen on a grid around them
 * (decisions.md "Routing by meaning: fusion, abstention, calibration").
 */
export const SEMANTIC_ROUTE: Readonly<{
  /** A boundary target in the catalog is chosen when P(target) − P(current agent) is above this. */
  targetBelowOwn: number;
  /** …and P(target) is at least this (when neither fits, the boundary does not decide). */
  targetAtLeast: number;
  /** A boundary outside the catalog is chosen when its similarity to the task exceeds the agent's closest passage by this. */
  outsideAboveOwn: number;
  /** …and is at least this (a task unlike the agent and unlike the boundary is not that boundary's either). */
  outsideAtLeast: number;
  /** With no boundary chosen, the best match takes the task when its P exceeds the current agent's by this… */
  betterBy: number;
  /** …and the current agent's P is below this. */
  ownBelow: number;
  /** Boundaries listed in `handoffs`: within this similarity of the agent's closest passage (or sharing words). */
  listedWithin: number;
  /** …and at least this similar to the task. */
  listedAtLeast: number;
}> = { targetBelowOwn: -0.1, targetAtLeast: 0.02, outsideAboveOwn: 0, outsideAtLeast: 0.25, betterBy: 0.5, ownBelow: 0.3, listedWithin: 0.15, listedAtLeast: 0.2 };
