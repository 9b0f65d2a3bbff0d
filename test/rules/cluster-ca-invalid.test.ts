import { beforeAll, describe, expect, it } from 'vitest';
import clusterCaInvalid from '../../shared/rules/cluster-ca-invalid';
import { newKeyPair } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import {
  BROKEN_CERTIFICATE,
  CA_FILE,
  caData,
  EKS_CONTEXT,
  makeClusterCas,
  run,
  subject,
  type ClusterCas,
} from '../support/subjects/cluster-trust';

let cas: ClusterCas;
beforeAll(() => {
  cas = makeClusterCas();
});

testRule(clusterCaInvalid, {
  valid: [
    { name: 'a CA that parses, in data', subject: () => subject(caData(cas.ca.certPem)) },
    {
      name: 'a CA that parses, in a file',
      subject: () => subject({ 'certificate-authority': CA_FILE }, { [CA_FILE]: cas.ca.certPem }),
    },
    { name: 'no CA', subject: () => subject({}) },
    {
      name: 'a missing CA file (file-reference-missing)',
      subject: () => subject({ 'certificate-authority': CA_FILE }),
    },
    // client-go's cert pool skips what does not parse, as long as one certificate does.
    {
      name: 'a bundle with one bad block',
      subject: () => subject(caData(`${BROKEN_CERTIFICATE}${cas.ca.certPem}`)),
    },
    {
      name: 'good data beside a bad file (the data is what client-go reads)',
      subject: () => subject({ ...caData(cas.ca.certPem), 'certificate-authority': CA_FILE }, { [CA_FILE]: 'garbage' }),
    },
    // kubectl's validation refuses a cluster with both before it reads either: context-config-invalid's.
    {
      name: 'bad data beside a good file (both set)',
      subject: () => subject({ ...caData('garbage'), 'certificate-authority': CA_FILE }, { [CA_FILE]: cas.ca.certPem }),
    },
  ],
  invalid: [
    {
      name: 'data that is not PEM',
      subject: () => subject(caData('garbage')),
      findings: [{ evidenceMatching: { field: 'certificate-authority-data' } }],
    },
  ],
});

describe('cluster-ca-invalid', () => {
  it('fires for data that is not PEM, with the inspect step filled in', () => {
    const [finding, ...rest] = run(clusterCaInvalid, caData('garbage'));
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // error
    expect(finding?.evidence).toEqual({
      cluster: 'prod',
      field: 'certificate-authority-data',
      origin: 'data',
      reason: 'it holds no PEM block (kubectl: "unable to load root certificates: unable to parse bytes as PEM block")',
    });
    expect(finding?.detail).toContain('The CA certificate of cluster prod (certificate-authority-data) cannot be used');
    const commands = commandsOf(finding ? [finding] : []);
    expect(commands[0]).toBe(
      `kubectl config --kubeconfig /home/u/.kube/config view --raw -o jsonpath='{.clusters[?(@.name=="prod")].cluster.certificate-authority-data}' | base64 -d | grep -a -- '-----BEGIN'`,
    );
    expect(commands).toContain(
      'kubectl config --kubeconfig /home/u/.kube/config set-cluster prod --certificate-authority=ca.crt --embed-certs=true',
    );
  });

  it('fires for a file holding garbage, a key instead of a certificate, and a broken certificate body', () => {
    const [fromFile] = run(clusterCaInvalid, { 'certificate-authority': CA_FILE }, { [CA_FILE]: 'garbage\n' });
    expect(fromFile?.evidence).toMatchObject({ field: 'certificate-authority', origin: 'file', path: CA_FILE });
    expect(commandsOf(fromFile ? [fromFile] : [])[0]).toBe(`grep -- '-----BEGIN' ${CA_FILE}`);
    const [key] = run(clusterCaInvalid, caData(newKeyPair().privateKeyPem));
    expect(key?.evidence.reason).toContain('no valid certificate authority data seen');
    const [body] = run(clusterCaInvalid, caData(BROKEN_CERTIFICATE));
    expect(body?.evidence.reason).toContain('failed to parse certificate');
  });

  it('re-fetches an EKS-looking context', () => {
    const commands = commandsOf(run(clusterCaInvalid, caData('garbage'), {}, EKS_CONTEXT));
    expect(commands).toContain('aws eks update-kubeconfig --name shop --region eu-west-1');
  });
});
