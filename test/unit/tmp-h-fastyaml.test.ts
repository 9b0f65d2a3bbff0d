import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { expect, it } from 'vitest';
import { loadFastYaml } from '../../shared/kubeconfig/fast-yaml';
import { GO_YAML_SCHEMA } from '../../shared/kubeconfig/goyaml';
import { parseKubeconfig } from '../../shared/kubeconfig/parse';

it('big', () => {
  const text = readFileSync('/tmp/h-fastyaml-big.yaml', 'utf8');
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    const slow = loadAll(text, { schema: GO_YAML_SCHEMA, json: true })[0];
    const a = performance.now() - t;
    t = performance.now();
    const fast = loadFastYaml(text);
    const b = performance.now() - t;
    t = performance.now();
    parseKubeconfig(text, '/x');
    const c = performance.now() - t;
    console.log({ jsyaml: a, fast: b, parseKubeconfig: c });
    expect(fast).toEqual(slow);
  }
});
