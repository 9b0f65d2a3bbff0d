/**
 * The fleet tests' servers (test/support/prometheus.ts): Debian's Pushgateway, Prometheus and
 * Alertmanager start on free loopback ports, work together, and are gone after stop(); a missing
 * program is a one-line failure with the apt command.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPrometheusTool, missingPrometheusPackages, missingPrometheusTool } from '../../scripts/prometheus.mjs';
import {
  queryPrometheus,
  startAlertmanager,
  startPrometheus,
  startPushgateway,
  type PrometheusServer,
} from '../support/prometheus';
import { tempDir } from '../support/temp';

/** `read` again until `done` says its answer will do, for up to 15 s; the last answer either way. */
async function polled<T>(read: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  const until = Date.now() + 15_000;
  let answer = await read();
  while (!done(answer) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    answer = await read();
  }
  return answer;
}

async function refused(server: PrometheusServer): Promise<boolean> {
  try {
    await fetch(`${server.url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
    return false;
  } catch {
    return true;
  }
}

describe('the Prometheus programs', () => {
  it('are found on PATH under Debian’s names', () => {
    expect(findPrometheusTool('prometheus')).toMatch(/\/prometheus$/);
    expect(findPrometheusTool('alertmanager')).toMatch(/alertmanager$/);
    expect(findPrometheusTool('pushgateway')).toMatch(/pushgateway$/);
    expect(existsSync(findPrometheusTool('promtool'))).toBe(true);
  });

  it('name the apt command when missing', () => {
    const empty = { PATH: tempDir('no-prometheus') };
    expect(() => findPrometheusTool('alertmanager', empty)).toThrow(
      'prometheus-alertmanager or alertmanager not found on PATH: ' +
        'install it with "apt-get install -y prometheus-alertmanager" (npm run setup does, as root)',
    );
    expect(missingPrometheusTool('promtool')).toBe(
      'promtool not found on PATH: install it with "apt-get install -y prometheus" (npm run setup does, as root)',
    );
    expect(missingPrometheusPackages(empty)).toEqual([
      'prometheus',
      'prometheus-alertmanager',
      'prometheus-pushgateway',
    ]);
  });
});

describe('the fleet tests’ servers', () => {
  it('run together on loopback: Prometheus scrapes what was pushed to the Pushgateway, and all stop', async () => {
    const pushgateway = await startPushgateway();
    const alertmanager = await startAlertmanager({
      route: { receiver: 'nobody' },
      receivers: [{ name: 'nobody' }],
    });
    const prometheus = await startPrometheus({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager.address] }] }] },
      scrape_configs: [
        { job_name: 'pushgateway', honor_labels: true, static_configs: [{ targets: [pushgateway.address] }] },
      ],
    });
    for (const server of [pushgateway, alertmanager, prometheus])
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const pushed = await fetch(`${pushgateway.url}/metrics/job/support-test/instance/here`, {
      method: 'PUT',
      body: '# TYPE support_test_value gauge\nsupport_test_value 42\n',
    });
    expect(pushed.status).toBe(200);

    const samples = await polled(
      () => queryPrometheus(prometheus, 'support_test_value'),
      (s) => s.length > 0,
    );
    expect(samples).toHaveLength(1);
    expect(samples[0]?.metric).toMatchObject({ job: 'support-test', instance: 'here' });
    expect(samples[0]?.value[1]).toBe('42');

    // Prometheus discovers its Alertmanagers apart from its scrape targets, in its own time.
    const active = await polled(
      async () => {
        const answer = (await (await fetch(`${prometheus.url}/api/v1/alertmanagers`)).json()) as {
          data: { activeAlertmanagers: { url: string }[] };
        };
        return answer.data.activeAlertmanagers.map((am) => am.url);
      },
      (urls) => urls.length > 0,
    );
    expect(active).toEqual([`${alertmanager.url}/api/v2/alerts`]);

    await Promise.all([prometheus.stop(), alertmanager.stop(), pushgateway.stop()]);
    for (const server of [pushgateway, alertmanager, prometheus]) expect(await refused(server)).toBe(true);
    await prometheus.stop();
  });

  it('fails with the program’s own words when its configuration is wrong', async () => {
    await expect(startPrometheus({ scrape_configs: [{ job_name: 'x', scrape_interval: 'often' }] })).rejects.toThrow(
      /prometheus .* exited with code 2:[\s\S]*not a valid duration string: \\"often\\"/,
    );
  });
});
