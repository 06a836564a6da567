/** What the routing and journal layers need from a sentence encoder (StaticEncoder fits). */
export interface Embedder {
  /** Model identity; caches of vectors are keyed by it. */
  readonly modelId: string;
  readonly dimensions: number;
  /** The unit vector of a text; undefined when the text has no known token (empty, symbols only). */
  encode(text: string): Float32Array | undefined;
}
