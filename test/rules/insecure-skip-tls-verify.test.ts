import { beforeAll, describe, expect, it } from 'vitest';
import insecureSkipTlsVerify from '../../shared/rules/insecure-skip-tls-verify';
import { testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import {
  CA_FILE,
  caData,
  EKS_CONTEXT,
  makeClusterCas,
  run,
  SERVER,
  subject,
  type ClusterCas,
} from '../support/subjects/cluster-trust';

let cas: ClusterCas;
beforeAll(() => {
  cas = makeClusterCas();
});

const INSECURE = { 'insecure-skip-tls-verify': true };

testRule(insecureSkipTlsVerify, {
  valid: [
    { name: 'the flag false', subject: () => subject({ 'insecure-skip-tls-verify': false }) },
    { name: 'the flag absent', subject: () => subject(caData(cas.ca.certPem)) },
  ],
  invalid: [
    {
      name: 'is an error together with a CA file: client-go refuses the combination',
      subject: () => subject({ ...INSECURE, 'certificate-authority': CA_FILE }),
      findings: [{ severity: 'error', evidenceMatching: { ca: `certificate-authority ${CA_FILE}` } }],
    },
    {
      name: 'never repeats the token it warns about',
      subject: () => subject(INSECURE),
      findings: [{}],
      secrets: ['opaque-token'],
    },
  ],
});

describe('insecure-skip-tls-verify', () => {
  it('warns without a CA, with re-fetch and CA steps filled in', () => {
    const [finding, ...rest] = run(insecureSkipTlsVerify, INSECURE);
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // warning
    expect(finding?.evidence).toEqual({ context: 'dev', cluster: 'prod', insecureSkipTlsVerify: true, server: SERVER });
    expect(finding?.detail).toContain(`does not check who answers at ${SERVER}`);
    const commands = commandsOf(finding ? [finding] : []);
    expect(commands).toContain(
      "kubectl --context dev get configmap kube-root-ca.crt -n default -o jsonpath='{.data.ca\\.crt}' > ca.crt",
    );
    expect(commands.slice(-2)).toEqual([
      'kubectl config --kubeconfig /home/u/.kube/config set-cluster prod --certificate-authority=ca.crt --embed-certs=true',
      'kubectl auth whoami --context dev',
    ]);
  });

  it('without a CA asks first: fetch the credentials again (recommended) or read the CA from the cluster, each ending with asking the server', () => {
    const [finding] = run(insecureSkipTlsVerify, INSECURE);
    expect(finding?.fix).toEqual([]);
    expect(finding?.paths?.map((p) => [p.id, p.steps.length, p.steps.at(-1)?.command])).toEqual([
      ['refetch', 2, 'kubectl auth whoami --context dev'],
      ['read-ca', 3, 'kubectl auth whoami --context dev'],
    ]);
  });

  it('re-fetches an EKS-looking context', () => {
    const commands = commandsOf(run(insecureSkipTlsVerify, INSECURE, {}, EKS_CONTEXT));
    expect(commands[0]).toBe('aws eks update-kubeconfig --name shop --region eu-west-1');
  });

  it('is an error together with CA data: client-go refuses the combination', () => {
    const [data] = run(insecureSkipTlsVerify, { ...INSECURE, ...caData(cas.ca.certPem) });
    expect(data?.severity).toBe('error');
    expect(data?.detail).toContain('specifying a root certificates file with the insecure flag is not allowed');
    expect(data?.evidence).toMatchObject({ ca: 'certificate-authority-data' });
    expect(commandsOf(data ? [data] : [])).toEqual([
      'kubectl config --kubeconfig /home/u/.kube/config set-cluster prod --insecure-skip-tls-verify=false',
    ]);
  });
});
