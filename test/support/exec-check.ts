/**
 * A full check of one context whose user runs an exec plugin: the kubeconfig written to a fresh temp
 * directory (server a closed local port), HOME that directory, the plugin run as `kubeward check` runs it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { checkOnce } from '../../electron/core/check/check-once';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import type { Report } from '../../shared/findings';
import type { Env } from '../../shared/host';
import { hostWith } from './host';
import { tempDir } from './temp';

export async function checkExecUser(
  exec: Record<string, unknown>,
  options: { env: Env; timeoutMs: number },
): Promise<Report> {
  const dir = tempDir('exec-check');
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [
        {
          name: 'u',
          user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', interactiveMode: 'Never', ...exec } },
        },
      ],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
    { mode: 0o600 },
  );
  const { report } = await checkOnce({
    kubeconfig: file,
    selection: { kind: 'all' },
    now: Date.now(),
    offline: false,
    timeoutMs: options.timeoutMs,
    host: hostWith(dir, { ...options.env, HOME: dir }),
    policy: cliExecPolicy,
  });
  return report;
}
