/**
 * The differential corpus: kubeconfigs on which kubeward once disagreed with kubectl, or that sit on
 * an edge of a go-yaml or client-go rule, each with kubectl's verdict as recorded. Every run replays
 * them against kubeward, and asks kubectl again where it is installed. `UPDATE_CORPUS=1` re-records
 * kubectl's verdicts (only with kubectl installed).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KUBECTL } from '../fixtures/kubectl';
import {
  kubectlVerdict,
  kubewardVerdict,
  verdictDifference,
  type CorpusEntry,
  type Verdict,
} from '../support/kubectl-verdict';
import { tempDir } from '../support/temp';

const CORPUS_DIR = path.join(import.meta.dirname, '../fixtures/differential');
const UPDATE = process.env.UPDATE_CORPUS === '1' && KUBECTL !== undefined;
const KUBECTL_RUNS_AT_ONCE = 4;

const classes = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    file: path.join(CORPUS_DIR, f),
    entries: JSON.parse(readFileSync(path.join(CORPUS_DIR, f), 'utf8')) as CorpusEntry[],
  }));

describe.each(classes)('differential corpus $file', ({ file, entries }) => {
  const dir = tempDir('differential');

  it.skipIf(!KUBECTL)('kubectl still gives the recorded verdicts', { timeout: 180_000 }, async () => {
    // A few kubectl runs at a time, each on a file of its own: one after the other takes minutes.
    const verdicts: Verdict[] = [];
    for (let i = 0; i < entries.length; i += KUBECTL_RUNS_AT_ONCE) {
      const batch = entries.slice(i, i + KUBECTL_RUNS_AT_ONCE);
      verdicts.push(
        ...(await Promise.all(batch.map((entry, j) => kubectlVerdict(entry.input, dir, `entry-${i + j}`)))),
      );
    }
    entries.forEach((entry, i) => {
      if (UPDATE) entry.kubectl = verdicts[i] as Verdict;
      else expect(verdicts[i], entry.name).toEqual(entry.kubectl);
    });
    if (UPDATE) writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`);
  });

  it('kubeward agrees with every recorded kubectl verdict', { timeout: 120_000 }, async () => {
    const differences: string[] = [];
    for (const entry of entries) {
      const difference = verdictDifference(entry.kubectl, await kubewardVerdict(entry.input, dir));
      if (difference) differences.push(`${entry.name}: ${difference}`);
    }
    expect(differences).toEqual([]);
  });
});
