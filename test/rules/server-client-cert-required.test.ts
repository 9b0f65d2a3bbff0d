import { expect, it } from 'vitest';
import type { ProbeResult } from '../../shared/facts';
import serverClientCertRequired from '../../shared/rules/server-client-cert-required';
import serverUnreachable from '../../shared/rules/server-unreachable';
import { testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import { QUIET_PROBES, run, subjectWith } from '../support/subjects/probe';

const required: ProbeResult = {
  state: 'network-error',
  code: 'CLIENT_CERT_REQUIRED',
  message: 'the server requires a client certificate, and this context sends none',
  timedOut: false,
  stage: 'response',
};

testRule(serverClientCertRequired, {
  meta: { needs: 'probe', severity: 'error' },
  valid: [
    ...QUIET_PROBES,
    {
      name: 'a refused connection (server-unreachable)',
      subject: () =>
        subjectWith(
          {},
          { state: 'network-error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', timedOut: false },
        ),
    },
  ],
  invalid: [
    {
      name: 'a token context at an mTLS endpoint: in words, what to get',
      subject: () => subjectWith({}, required),
      findings: [
        {
          detail: [
            'ended the TLS handshake over the client certificate: the server requires a client certificate, and this context sends none',
            'which this endpoint never reads',
          ],
          evidenceMatching: { code: 'CLIENT_CERT_REQUIRED' },
        },
      ],
    },
    {
      name: 'a certificate the endpoint refuses',
      subject: () =>
        subjectWith(
          {},
          {
            ...required,
            code: 'CLIENT_CERT_REJECTED',
            message: 'the server refused the client certificate in the TLS handshake',
          },
        ),
      findings: [
        { detail: ['the server refused the client certificate'], evidenceMatching: { code: 'CLIENT_CERT_REJECTED' } },
      ],
    },
  ],
});

it('is not also server-unreachable', () => {
  expect(run(serverUnreachable, {}, required)).toEqual([]);
});

it('gives the store command for the certificate, in the file that defines the user', () => {
  const [command] = commandsOf(run(serverClientCertRequired, {}, required));
  expect(command).toMatch(
    /^kubectl config --kubeconfig \/home\/u\/\.kube\/config set-credentials \S+ --client-certificate=<CERT_FILE> --client-key=<KEY_FILE> --embed-certs=true$/,
  );
});
