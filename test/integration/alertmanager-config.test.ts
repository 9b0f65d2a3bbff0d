/**
 * The example Alertmanager configuration (deploy/alertmanager/alertmanager.yml), checked by Debian's
 * amtool: it loads, it routes by severity and team as its header says, a mistake in it is caught,
 * and it holds no secret (each receiver reads its URL or key from a file).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findPrometheusTool } from '../../scripts/prometheus.mjs';
import { tempDir } from '../support/temp';

const CONFIG = fileURLToPath(new URL('../../deploy/alertmanager/alertmanager.yml', import.meta.url));

function amtool(...args: string[]): { code: number | null; stdout: string; output: string } {
  const result = spawnSync(findPrometheusTool('amtool'), args, { encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout.trim(), output: `${result.stdout}${result.stderr}` };
}

describe('deploy/alertmanager/alertmanager.yml', () => {
  it('passes amtool check-config', () => {
    const result = amtool('check-config', CONFIG);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it.each([
    ['severity=critical team=payments', 'payments-pager'],
    ['severity=warning team=payments', 'payments-chat'],
    ['severity=critical team=search', 'platform-pager'],
    ['severity=critical', 'platform-pager'],
    ['severity=warning', 'platform-chat'],
    ['severity=info team=payments', 'nowhere'],
  ])('routes %s to %s', (labels, receiver) => {
    const result = amtool('config', 'routes', 'test', `--config.file=${CONFIG}`, ...labels.split(' '));
    expect(result.stdout).toBe(receiver);
  });

  it('is caught by amtool when a route names no receiver', () => {
    const broken = path.join(tempDir('alertmanager-config'), 'alertmanager.yml');
    writeFileSync(broken, readFileSync(CONFIG, 'utf8').replace('receiver: payments-pager', 'receiver: payments-pagr'));
    const result = amtool('check-config', broken);
    expect(result.code).toBe(1);
    expect(result.output).toContain('undefined receiver "payments-pagr" used in route');
  });

  it('reads every URL and key from a file', () => {
    const config = parse(readFileSync(CONFIG, 'utf8')) as { receivers: Record<string, unknown>[] };
    const settings = config.receivers.flatMap((receiver) =>
      Object.entries(receiver)
        .filter(([key]) => key !== 'name')
        .flatMap(([, list]) => (list as Record<string, unknown>[]).flatMap(Object.keys)),
    );
    expect(settings).toEqual(expect.arrayContaining(['api_url_file', 'routing_key_file']));
    expect(settings.filter((key) => /url$|key$|token$|secret$|password$/.test(key))).toEqual([]);
  });
});
