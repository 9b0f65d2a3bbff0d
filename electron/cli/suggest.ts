/**
 * "Did you mean …?" for a mistyped command, flag or guide. Hand-written: the one library in the tree
 * (fast-levenshtein, a transitive dependency) counts a swap of two neighbours ("--contetx") as two
 * edits, which is the commonest typo; this is the optimal string alignment variant of the
 * Damerau-Levenshtein distance, which counts it as one. Like cobra's suggestions (kubectl's "Did you
 * mean this?"): a candidate within two edits, or one the input is a prefix of.
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  // d[i][j]: distance between the first i characters of a and the first j of b, a row at a time.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] as number) + 1);
      }
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length] as number;
}

/** Close enough to be a typo of `candidate`: at most two edits, and fewer than half of the input's length. */
function isClose(input: string, candidate: string, distance: number): boolean {
  if (input.length >= 3 && candidate.startsWith(input)) return true;
  return distance <= 2 && distance * 2 < input.length;
}

/** The candidates nearest to `input` (ties all), or none when none is close. */
function nearest(input: string, candidates: readonly string[]): string[] {
  const needle = input.toLowerCase();
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (!isClose(needle, candidate.toLowerCase(), distance) || distance > best) continue;
    if (distance < best) found = [];
    best = distance;
    found.push(candidate);
  }
  return found;
}

/** "; did you mean --context?" (or "--a or --b"), or "" when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[], prefix = ''): string {
  const found = nearest(input, candidates);
  return found.length === 0 ? '' : `; did you mean ${found.map((c) => `${prefix}${c}`).join(' or ')}?`;
}
