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
import { kubectlVerdict, kubewardVerdict, verdictDifference, type CorpusEntry } from '../support/kubectl-verdict';
import { tempDir } from '../support/temp';

const CORPUS_DIR = path.join(import.meta.dirname, '../fixtures/differential');
const UPDATE = process.env.UPDATE_CORPUS === '1' && KUBECTL !== undefined;

const classes = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    file: path.join(CORPUS_DIR, f),
    entries: JSON.parse(readFileSync(path.join(CORPUS_DIR, f), 'utf8')) as CorpusEntry[],
  }));

describe.each(classes)('differential corpus $file', ({ file, entries }) => {
  const dir = tempDir('differential');

  it.skipIf(!KUBECTL)('kubectl still gives the recorded verdicts', async () => {
    for (const entry of entries) {
      const now = await kubectlVerdict(entry.input, dir);
      if (UPDATE) entry.kubectl = now;
      else expect(now, entry.name).toEqual(entry.kubectl);
    }
    if (UPDATE) writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`);
  });

  it('kubeward agrees with every recorded kubectl verdict', async () => {
    const differences: string[] = [];
    for (const entry of entries) {
      const difference = verdictDifference(entry.kubectl, await kubewardVerdict(entry.input, dir));
      if (difference) differences.push(`${entry.name}: ${difference}`);
    }
    expect(differences).toEqual([]);
  });
});
