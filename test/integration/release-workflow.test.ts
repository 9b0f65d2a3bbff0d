/**
 * The release workflow (.github/workflows/release.yml) checked on paper, since nothing here can
 * run it: valid for GitHub Actions (@action-validator/core, the schema and checks of the
 * action-validator CLI, offline), triggered by version tags, building every installer
 * electron-builder.yml names on the runner of its OS, and drafting the release with them.
 */
import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const source = readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8');
const builderConfig = parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  { target?: string[] }
>;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  'runs-on': string;
  needs?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: Record<string, string>[] } };
  steps: Step[];
}

const workflow = parse(source) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`release.yml has no job "${name}"`);
  return found;
}

const installers = job('installers');
const release = job('release');

describe('release workflow', () => {
  it('is a valid GitHub Actions workflow', () => {
    expect(validateWorkflow(source).errors).toEqual([]);
    // The validator does reject what GitHub would: a misspelt key fails.
    expect(
      validateWorkflow(source.replace('runs-on: ${{ matrix.os }}', 'run-on: ${{ matrix.os }}')).errors,
    ).not.toEqual([]);
  });

  it('runs for version tags only', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
  });

  it('builds each electron-builder.yml target on the runner of its OS', () => {
    const legs = installers.strategy?.matrix.include.map(({ os, platform, targets }) => [os, platform, targets]);
    expect(legs).toEqual([
      ['ubuntu-latest', 'linux', 'AppImage deb'],
      ['macos-latest', 'mac', 'dmg'],
      ['windows-latest', 'win', 'nsis'],
    ]);
    for (const [, platform = '', targets = ''] of legs ?? []) {
      expect(builderConfig[platform]?.target).toEqual(targets.split(' '));
    }
    expect(installers['runs-on']).toBe('${{ matrix.os }}');
  });

  it('installs with npm ci on Node 22, builds, and runs electron-builder with the repository config', () => {
    const uses = installers.steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-artifact@v4']);
    expect(installers.steps.find((step) => step.uses === 'actions/setup-node@v4')?.with).toEqual({
      'node-version': 22,
      cache: 'npm',
    });
    const runs = installers.steps.flatMap((step) => (step.run ? [step.run] : []));
    const build = runs.indexOf('npm run build');
    expect(runs.findIndex((run) => run.startsWith('npm ci'))).toBeGreaterThanOrEqual(0);
    expect(runs.findIndex((run) => run.startsWith('npm ci'))).toBeLessThan(build);
    const builder = installers.steps.find((step) => step.run?.startsWith('npx electron-builder '));
    expect(runs.indexOf(builder?.run ?? '')).toBeGreaterThan(build);
    expect(builder?.run).toBe(
      'npx electron-builder --config electron-builder.yml --${{ matrix.platform }} ${{ matrix.targets }} ${{ matrix.archs }} --publish never',
    );
    // Signing is optional: each value comes from a secret of its own, empty when it is not set.
    for (const [name, value] of Object.entries(builder?.env ?? {})) {
      expect(value).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
      expect(name).toMatch(/^(CSC_|WIN_CSC_|APPLE_)/);
    }
  });

  it('uploads the installers of each OS and drafts the release with them using the workflow token', () => {
    const upload = installers.steps.find((step) => step.uses === 'actions/upload-artifact@v4');
    expect(upload?.with?.['if-no-files-found']).toBe('error');
    expect(String(upload?.with?.path).trim().split('\n')).toEqual([
      'dist/*.AppImage',
      'dist/*.deb',
      'dist/*.dmg',
      'dist/*.exe',
    ]);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(release.needs).toBe('installers');
    expect(release.permissions).toEqual({ contents: 'write' });
    expect(release.steps[0]).toMatchObject({ uses: 'actions/download-artifact@v4', with: { path: 'installers' } });
    const draft = release.steps.find((step) => step.run?.startsWith('gh release create '));
    expect(draft?.run).toMatch(/"\$GITHUB_REF_NAME" installers\/\* --draft /);
    expect(draft?.env).toEqual({ GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
  });
});
