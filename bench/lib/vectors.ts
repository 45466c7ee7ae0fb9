// Deterministic synthetic embedding streams for the scale bench: uniform unit vectors or clustered ones.

/** What a synthetic store looks like; the same spec always yields the same vectors in the same order. */
export interface DataSpec {
  n: number;
  dim: number;
  /** `text` vectors are made by the truth task (see text-vectors.ts) and read from its files by the HNSW tasks. */
  distribution: 'uniform' | 'clustered' | 'text';
  seed: number;
}

/** mulberry32: small, fast, good enough to make benchmark data reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
function inverseNormalCdf(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Normal quantiles at 2^16 evenly spaced probabilities. Sampling this table with 16 random bits is ~20× faster
 * than Box–Muller in JS (generating 1M × 512 values matters here) and symmetric, so directions stay uniform.
 */
const GAUSS_TABLE = (() => {
  const t = new Float32Array(65536);
  for (let i = 0; i < t.length; i++) t[i] = inverseNormalCdf((i + 0.5) / t.length);
  return t;
})();

/** Fast approximate N(0, 1) sampler: two values per 32-bit draw. */
function gaussianSource(rand: () => number): () => number {
  let spare = -1;
  return () => {
    if (spare >= 0) {
      const s = spare;
      spare = -1;
      return GAUSS_TABLE[s];
    }
    const bits = (rand() * 4294967296) >>> 0;
    spare = bits >>> 16;
    return GAUSS_TABLE[bits & 0xffff];
  };
}

function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const inv = 1 / Math.sqrt(s || 1);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

/** Points per cluster ("story") on average, clusters per topic, and the noise norms at each level. */
const CLUSTER_SIZE = 100;
const CLUSTERS_PER_TOPIC = 20;
const TOPIC_NOISE = 1.0;
const POINT_NOISE = 0.8;

/**
 * Unit vectors in a stream. `uniform`: directions uniform on the sphere (the hardest case for HNSW: every
 * distance looks alike). `clustered`: two-level structure closer to text embeddings — topics, clusters around
 * topics (cos ≈ 0.7 to their topic), points around clusters (cos ≈ 0.6 within a cluster, ≈ 0.3 within a
 * topic, ≈ 0 across topics); n/100 clusters, 20 per topic.
 * `stream` is 0 for the stored points; queries use another stream, drawn from the same clusters.
 */
export class VectorSource {
  private readonly gauss: () => number;
  private readonly rand: () => number;
  private readonly centres: Float32Array[] = [];

  constructor(readonly spec: DataSpec, stream = 0) {
    if (spec.distribution === 'clustered') {
      // Centres depend on the seed only, so queries (another stream) land in the stored points' clusters.
      const g = gaussianSource(mulberry32(spec.seed ^ 0x5bd1e995));
      const clusters = Math.max(1, Math.ceil(spec.n / CLUSTER_SIZE));
      const topics = Math.max(1, Math.ceil(clusters / CLUSTERS_PER_TOPIC));
      const topicVecs: Float32Array[] = [];
      for (let t = 0; t < topics; t++) topicVecs.push(this.randomUnit(g));
      for (let c = 0; c < clusters; c++) {
        const topic = topicVecs[c % topics];
        const noise = this.randomUnit(g);
        const centre = new Float32Array(spec.dim);
        for (let i = 0; i < spec.dim; i++) centre[i] = topic[i] + TOPIC_NOISE * noise[i];
        this.centres.push(normalize(centre));
      }
    }
    this.rand = mulberry32((spec.seed * 7919 + stream * 104729 + 1) >>> 0);
    this.gauss = gaussianSource(this.rand);
  }

  private randomUnit(g: () => number): Float32Array {
    const v = new Float32Array(this.spec.dim);
    for (let i = 0; i < v.length; i++) v[i] = g();
    return normalize(v);
  }

  /** Fills `out` with the next vector of the stream and returns it. */
  next(out: Float32Array = new Float32Array(this.spec.dim)): Float32Array {
    const d = this.spec.dim;
    if (this.centres.length === 0) {
      for (let i = 0; i < d; i++) out[i] = this.gauss();
      return normalize(out);
    }
    const centre = this.centres[Math.floor(this.rand() * this.centres.length)];
    // Noise of norm ≈ POINT_NOISE: d Gaussian components scaled by 1/√d.
    const scale = POINT_NOISE / Math.sqrt(d);
    for (let i = 0; i < d; i++) out[i] = centre[i] + scale * this.gauss();
    return normalize(out);
  }
}
