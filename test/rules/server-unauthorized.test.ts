import { describe, expect, it } from 'vitest';
import serverUnauthorized from '../../shared/rules/server-unauthorized';
import { serviceAccountToken } from '../fixtures/jwt';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW } from '../support/rules';
import { answered, CANARY, EKS_EXEC, QUIET_PROBES, run, SSR, subjectWith } from '../support/subjects/probe';

testRule(serverUnauthorized, {
  meta: { needs: 'probe' },
  valid: [
    ...QUIET_PROBES,
    ...[200, 201, 403, 404, 500].map((status) => ({
      name: `status ${status}`,
      subject: () => subjectWith({}, answered(status)),
    })),
  ],
});

describe('server-unauthorized', () => {
  it('names the ServiceAccount token that was refused and how to mint a new one', async () => {
    const token = await serviceAccountToken({ issuedAt: NOW - 600_000, namespace: 'prod', name: 'deployer' });
    const setup = { user: `    token: ${token}` };
    const findings = run(
      serverUnauthorized,
      setup,
      answered(401, { message: 'Unauthorized', credential: { presented: ['token'] } }),
    );
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.detail).toContain(
      'answered 401 Unauthorized to POST /apis/authentication.k8s.io/v1/selfsubjectreviews',
    );
    expect(finding?.detail).toContain('the token of user prod-user');
    expect(finding?.detail).toContain('It belongs to ServiceAccount prod/deployer.');
    expect(finding?.detail).toContain('"error: You must be logged in to the server (Unauthorized)"');
    expect(finding?.evidence).toMatchObject({ context: 'prod', status: 401, credential: 'token', request: SSR });
    expect(finding?.fix[0]?.title).toContain('kubectl create token deployer -n prod --duration=1h');
    expect(commandsOf(findings).at(-1)).toBe('kubectl auth whoami --context prod');
    expect(JSON.stringify(findings)).not.toContain(token);
  });

  it('explains EKS access entries for a token from aws eks get-token, with cluster, region and profile filled in', () => {
    const probe = answered(401, { message: 'Unauthorized', credential: { presented: ['token'], from: 'exec' } });
    const findings = run(serverUnauthorized, { user: EKS_EXEC }, probe);
    expect(findings[0]?.detail).toContain(
      'the token the exec plugin of user prod-user returned (aws --region eu-west-1 eks get-token --cluster-name prod)',
    );
    expect(findings[0]?.detail).toContain('IAM principal');
    expect(findings[0]?.detail).toContain('access entry (or aws-auth ConfigMap entry)');
    expect(commandsOf(findings)).toEqual([
      'aws sts get-caller-identity --profile dev',
      'aws eks list-access-entries --cluster-name prod --region eu-west-1 --profile dev',
      'aws eks create-access-entry --cluster-name prod --region eu-west-1 --principal-arn <PRINCIPAL_ARN>',
      'kubectl auth whoami --context prod',
    ]);
  });

  it('does not blame IAM for a static token sent to an EKS endpoint', () => {
    const probe = answered(401, { credential: { presented: ['token'] } });
    const findings = run(serverUnauthorized, { server: 'https://ABC123.gr7.eu-west-1.eks.amazonaws.com' }, probe);
    expect(findings[0]?.detail).not.toContain('IAM');
    expect(findings[0]?.evidence.credential).toBe('token');
    expect(JSON.stringify(findings)).not.toContain(CANARY);
  });

  it('says a client certificate was refused, and how to re-fetch one', () => {
    const user = '    client-certificate-data: Zm9v\n    client-key-data: YmFy';
    const findings = run(
      serverUnauthorized,
      { user },
      answered(401, { credential: { presented: ['client-certificate'] } }),
    );
    expect(findings[0]?.detail).toContain('the client certificate of user prod-user');
    expect(findings[0]?.detail).toContain('rotated CA');
    expect(findings[0]?.fix[0]?.title).toContain(
      'Ask your cluster admin for a new kubeconfig for cluster prod-cluster',
    );
  });

  it('says when nothing was sent at all, and quotes a server message that says more than Unauthorized', () => {
    const probe = answered(401, { message: 'token has been invalidated', credential: { presented: [] } });
    const findings = run(serverUnauthorized, { user: '    {}' }, probe);
    expect(findings[0]?.detail).toContain('requests without a credential');
    expect(findings[0]?.detail).toContain('The server said: "token has been invalidated".');
    expect(findings[0]?.evidence.credential).toBe('none');
  });
});
