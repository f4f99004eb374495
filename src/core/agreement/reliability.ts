/**
 * Reliability coefficients for two or more annotators: Cohen's κ and
 * Krippendorff's α for nominal data with missing values. Written here rather
 * than taken from npm: the one package there (`krippendorff`, a single 0.1.0
 * release) is not maintained, and each formula is a few lines, tested
 * against published worked examples (test/unit/agreement.test.ts).
 */

/** Cohen's κ and the observed agreement of two annotators who labelled the same items. */
export interface KappaResult {
  /** Items both labelled. */
  readonly n: number;
  /** Share of items with the same label (p_o), or null for no items. */
  readonly observed: number | null;
  /** Agreement expected by chance from each annotator's own label shares (p_e), or null. */
  readonly expected: number | null;
  /** (p_o − p_e) / (1 − p_e); null when undefined (no items, or both always used one and the same label). */
  readonly kappa: number | null;
}

/**
 * Cohen's κ (Cohen 1960) for pairs of nominal labels `[a, b]`:
 * κ = (p_o − p_e) / (1 − p_e), with p_e = Σ_k p_A(k) · p_B(k).
 */
export function cohensKappa(pairs: ReadonlyArray<readonly [string, string]>): KappaResult {
  const n = pairs.length;
  if (n === 0) return { n, observed: null, expected: null, kappa: null };
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let same = 0;
  for (const [x, y] of pairs) {
    if (x === y) same++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const observed = same / n;
  let expected = 0;
  for (const [label, count] of a) expected += (count / n) * ((b.get(label) ?? 0) / n);
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  return { n, observed, expected, kappa };
}

/** Krippendorff's α for nominal data, with what it was computed from. */
export interface AlphaResult {
  /** Pairable values: values in units that hold at least two (n.. in Krippendorff 2011). */
  readonly n: number;
  /** Observed disagreement D_o. */
  readonly observedDisagreement: number | null;
  /** Expected disagreement D_e. */
  readonly expectedDisagreement: number | null;
  /** 1 − D_o / D_e; null when undefined (fewer than two pairable values, or a single label overall). */
  readonly alpha: number | null;
}

/**
 * Krippendorff's α for nominal data with any number of annotators and missing
 * values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
 * section C). `units[u]` holds each annotator's label for unit u, or null
 * when that annotator gave none. Units with fewer than two labels are not
 * pairable and drop out. From the coincidence matrix o_ck (each ordered pair
 * of labels within a unit adds 1 / (m_u − 1)):
 * α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k.
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<string | null>>): AlphaResult {
  const coincidences = new Map<string, number>(); // "c\u0000k" → o_ck, c ≠ k only
  const totals = new Map<string, number>(); // n_c
  let n = 0;
  let disagreeing = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is string => v !== null);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const c = values[i]!;
        const k = values[j]!;
        totals.set(c, (totals.get(c) ?? 0) + 1 / (m - 1));
        if (c !== k) {
          const key = `${c}\u0000${k}`;
          coincidences.set(key, (coincidences.get(key) ?? 0) + 1 / (m - 1));
          disagreeing += 1 / (m - 1);
        }
      }
    }
    n += m;
  }
  if (n < 2) return { n, observedDisagreement: null, expectedDisagreement: null, alpha: null };
  let expectedPairs = 0;
  const counts = [...totals.values()];
  const sum = counts.reduce((s, x) => s + x, 0);
  for (const nc of counts) expectedPairs += nc * (sum - nc);
  const observedDisagreement = disagreeing / n;
  const expectedDisagreement = expectedPairs / (n * (n - 1));
  const alpha = expectedPairs === 0 ? null : 1 - ((n - 1) * disagreeing) / expectedPairs;
  return { n, observedDisagreement, expectedDisagreement, alpha };
}

/** Precision, recall and F1 of B against A as reference. */
export interface SpanScores {
  /** Annotations by A (the reference). */
  readonly a: number;
  /** Annotations by B. */
  readonly b: number;
  /** Pairs matched one to one. */
  readonly matched: number;
  /** Of those, pairs with exactly the same span. */
  readonly exact: number;
  /** matched / b, or null when B made none. */
  readonly precision: number | null;
  /** matched / a, or null when A made none. */
  readonly recall: number | null;
  /** 2·P·R / (P + R); 1 when neither made any; null when undefined. */
  readonly f1: number | null;
}

/** Scores from counts. */
export function spanScores(a: number, b: number, matched: number, exact: number): SpanScores {
  const precision = b === 0 ? null : matched / b;
  const recall = a === 0 ? null : matched / a;
  const f1 = a === 0 && b === 0 ? 1 : precision === null || recall === null ? 0 : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { a, b, matched, exact, precision, recall, f1 };
}
