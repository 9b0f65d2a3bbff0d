/**
 * The Prometheus programs the fleet tests run: Debian's packages `prometheus` (prometheus,
 * promtool), `prometheus-alertmanager` (prometheus-alertmanager, amtool) and
 * `prometheus-pushgateway`, found on PATH under Debian's names or upstream's (alertmanager,
 * pushgateway, as Homebrew and the release tarballs install them). Shared by
 * test/support/prometheus.ts and scripts/setup-tests.mjs, so both find the same programs and
 * give the same advice.
 */
import path from 'node:path';
import { isExecutableFile } from './chromium.mjs';

/** Each program the tests run: the Debian package that has it, and its names, Debian's first. */
export const PROMETHEUS_TOOLS = {
  prometheus: { package: 'prometheus', names: ['prometheus'] },
  promtool: { package: 'prometheus', names: ['promtool'] },
  alertmanager: { package: 'prometheus-alertmanager', names: ['prometheus-alertmanager', 'alertmanager'] },
  amtool: { package: 'prometheus-alertmanager', names: ['amtool'] },
  pushgateway: { package: 'prometheus-pushgateway', names: ['prometheus-pushgateway', 'pushgateway'] },
};

/** What to do when `tool` is not installed, in one line. */
export function missingPrometheusTool(tool) {
  const { package: debianPackage, names } = PROMETHEUS_TOOLS[tool];
  return `${names.join(' or ')} not found on PATH: install it with "apt-get install -y ${debianPackage}" (npm run setup does, as root)`;
}

/** The program's path; throws the one-line fix when it is not on PATH. */
export function findPrometheusTool(tool, env = process.env) {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of PROMETHEUS_TOOLS[tool].names) {
    const found = dirs.map((dir) => path.join(dir, name)).find(isExecutableFile);
    if (found) return found;
  }
  throw new Error(missingPrometheusTool(tool));
}

/** The Debian packages with a program missing from PATH, each once. */
export function missingPrometheusPackages(env = process.env) {
  const missing = new Set();
  for (const [tool, { package: debianPackage }] of Object.entries(PROMETHEUS_TOOLS)) {
    try {
      findPrometheusTool(tool, env);
    } catch {
      missing.add(debianPackage);
    }
  }
  return [...missing];
}
