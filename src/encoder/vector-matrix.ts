/**
 * Compact vector storage: each unit vector is kept as int8 components plus one float scale
 * (v ≈ scale · q), a quarter of the memory of float32. Scoring a float query against an int8 row is a dot
 * product times the row's scale; the rounding error is far below the differences that change a ranking
 * (checked by the eval, which runs on the same representation).
 */

export interface Quantized {
  q: Int8Array;
  scale: number;
}

export function quantize(v: Float32Array): Quantized {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i] as number);
    if (a > max) max = a;
  }
  const q = new Int8Array(v.length);
  if (max === 0) return { q, scale: 0 };
  const k = 127 / max;
  for (let i = 0; i < v.length; i++) q[i] = Math.round((v[i] as number) * k);
  return { q, scale: max / 127 };
}

/** Rows of int8 vectors of one width, appended in order; row i is `data[i*dims .. (i+1)*dims)`. */
export class VectorMatrix {
  data: Int8Array;
  scales: Float32Array;
  rows = 0;

  constructor(
    readonly dims: number,
    capacity = 64,
  ) {
    this.data = new Int8Array(Math.max(1, capacity) * dims);
    this.scales = new Float32Array(Math.max(1, capacity));
  }

  private grow(min: number): void {
    let cap = this.scales.length;
    if (min <= cap) return;
    while (cap < min) cap *= 2;
    const data = new Int8Array(cap * this.dims);
    data.set(this.data.subarray(0, this.rows * this.dims));
    const scales = new Float32Array(cap);
    scales.set(this.scales.subarray(0, this.rows));
    this.data = data;
    this.scales = scales;
  }

  /** Append a float vector (quantized); returns its row. */
  push(v: Float32Array): number {
    const { q, scale } = quantize(v);
    return this.pushQuantized(q, scale);
  }

  pushQuantized(q: Int8Array, scale: number): number {
    this.grow(this.rows + 1);
    this.data.set(q.subarray(0, this.dims), this.rows * this.dims);
    this.scales[this.rows] = scale;
    return this.rows++;
  }

  /** Copy row `row` of another matrix of the same width. */
  pushRow(from: VectorMatrix, row: number): number {
    return this.pushQuantized(from.data.subarray(row * this.dims, (row + 1) * this.dims), from.scales[row] ?? 0);
  }

  /** Cosine similarity of a unit float query with row `row`. */
  score(query: Float32Array, row: number): number {
    const d = this.dims;
    const base = row * d;
    const data = this.data;
    // Four running sums: fewer dependent additions per step (about 2× faster than one sum in V8). The same
    // loop over float32 is in routing/vectors.ts, apart on purpose (docs/decisions.md, "Routing by meaning:
    // one dot-product loop per array type").
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < d; i += 4) {
      const b = base + i;
      s0 += (query[i] as number) * (data[b] as number);
      s1 += (query[i + 1] as number) * (data[b + 1] as number);
      s2 += (query[i + 2] as number) * (data[b + 2] as number);
      s3 += (query[i + 3] as number) * (data[b + 3] as number);
    }
    for (; i < d; i++) s0 += (query[i] as number) * (data[base + i] as number);
    return (s0 + s1 + s2 + s3) * (this.scales[row] as number);
  }

  /** Add row `row` (dequantized) to `into`. */
  addRow(row: number, into: Float32Array): void {
    const d = this.dims;
    const base = row * d;
    const scale = this.scales[row] as number;
    for (let i = 0; i < d; i++) into[i] = (into[i] as number) + (this.data[base + i] as number) * scale;
  }

  /** Bytes held by the rows in use. */
  get bytes(): number {
    return this.rows * (this.dims + 4);
  }
}
