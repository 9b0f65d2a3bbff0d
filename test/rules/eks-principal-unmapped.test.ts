import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContextSubject, ExecRun, ProbeResult } from '../../shared/facts';
import type { AwsCallerIdentity } from '../../shared/facts';
import { decodeEksToken, iamPrincipal } from '../../shared/exec/eks-token';
import eksPrincipalUnmapped from '../../shared/rules/eks-principal-unmapped';
import serverUnauthorized from '../../shared/rules/server-unauthorized';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW, subjectOf } from '../support/rules';
import { subjectWith as execSubject } from '../support/subjects/exec-run';

/** Tokens the real aws CLI presigned offline with dummy keys (test/fixtures/exec-samples). */
function sampleToken(name: string): string {
  const file = path.join(__dirname, '../fixtures/exec-samples', name);
  return (JSON.parse(readFileSync(file, 'utf8')) as { status: { token: string } }).status.token;
}
const SESSION_TOKEN = sampleToken('aws-eks-get-token-session.json');
const USER_TOKEN = sampleToken('aws-eks-get-token-user.json');

const ASSUMED = 'arn:aws:sts::123456789012:assumed-role/Developer/alice@example.com';
const SSR = 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews';

function okRun(token: string): ExecRun {
  return {
    state: 'ok',
    credential: { apiVersion: 'client.authentication.k8s.io/v1beta1', token },
    cached: false,
    durationMs: 900,
  };
}

function refused(retried?: 'exec-plugin'): ProbeResult {
  return {
    state: 'answered',
    request: SSR,
    status: 401,
    message: 'Unauthorized',
    credential: { presented: ['token'], from: 'exec' },
    ...(retried ? { retried } : {}),
    localDate: NOW,
    durationMs: 30,
  };
}

/** The EKS context of the exec-run subjects (user u, `aws eks get-token --cluster-name prod` in eu-west-1), probed. */
function subject(token: string, probe: ProbeResult, identity?: AwsCallerIdentity): ContextSubject {
  const base = execSubject(okRun(token));
  const snapshot = {
    ...base.snapshot,
    probes: new Map([[base.name, probe]]),
    ...(identity ? { awsIdentities: new Map([['u', identity]]) } : {}),
  };
  return subjectOf(snapshot);
}

testRule(eksPrincipalUnmapped, {
  meta: { needs: 'probe', severity: 'error' },
  valid: [
    {
      name: 'a first 401, not asked again (a stale token is server-unauthorized)',
      subject: () => subject(SESSION_TOKEN, refused()),
    },
    {
      name: 'a fresh token accepted',
      subject: () =>
        subject(SESSION_TOKEN, {
          ...(refused('exec-plugin') as Extract<ProbeResult, { state: 'answered' }>),
          status: 201,
        }),
    },
    {
      name: 'a token that is not an EKS token',
      subject: () => subject('kw-opaque-token-Jr8Kd2', refused('exec-plugin')),
    },
  ],
  invalid: [
    {
      name: 'names the ARN from STS, the IAM role and session, and the grant with the ARN filled in',
      subject: () =>
        subject(SESSION_TOKEN, refused('exec-plugin'), { state: 'ok', arn: ASSUMED, account: '123456789012' }),
      findings: [
        {
          detail: [
            'EKS cluster prod',
            'kubeward ran the plugin again and asked once more',
            'signed in eu-west-1 with temporary credentials (access key ASIAIOSFODNN7EXAMPLE',
            `AWS STS says that is ${ASSUMED} (role Developer, session alice@example.com)`,
            'the access entry names arn:aws:iam::123456789012:role/Developer',
          ],
          evidenceMatching: {
            status: 401,
            retried: 'exec-plugin',
            accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
            keyKind: 'temporary',
            stsRegion: 'eu-west-1',
            clusterBound: true,
            callerArn: ASSUMED,
            principalArn: 'arn:aws:iam::123456789012:role/Developer',
            roleSession: 'alice@example.com',
          },
          // Three ways, each ending with its check: an access entry, aws-auth, or another identity signing.
          commands: [
            'aws eks create-access-entry --cluster-name prod --region eu-west-1 --principal-arn arn:aws:iam::123456789012:role/Developer',
            'aws eks associate-access-policy --cluster-name prod --region eu-west-1 --principal-arn arn:aws:iam::123456789012:role/Developer --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy --access-scope type=cluster',
            'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
            "eksctl create iamidentitymapping --cluster prod --region eu-west-1 --arn arn:aws:iam::123456789012:role/Developer --username 'Developer:{{SessionName}}' --group <GROUP>",
            'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
            'aws eks update-kubeconfig --name prod --region eu-west-1 --profile <PROFILE>',
            'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
          ],
        },
      ],
      secrets: [SESSION_TOKEN.slice(11, 60), 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN', 'kubeward-canary-env-Xy7Qp2Lm9'],
    },
    {
      name: 'offline (STS unreachable): names the key from the token, says why the ARN is unknown, and how to see it',
      subject: () =>
        subject(USER_TOKEN, refused('exec-plugin'), {
          state: 'failed',
          reason: 'Could not connect to the endpoint URL: "https://sts.us-east-1.amazonaws.com/"',
        }),
      findings: [
        {
          detail: [
            'signed in us-east-1 with the long-term access key AKIAIOSFODNN7EXAMPLE of an IAM user',
            'Its ARN is not known (aws sts get-caller-identity failed: Could not connect to the endpoint URL',
          ],
          evidenceMatching: { keyKind: 'long-term', callerIdentityError: expect.stringContaining('Could not connect') },
          commands: [
            'aws sts get-caller-identity --profile prod-admin',
            'aws eks create-access-entry --cluster-name prod --region eu-west-1 --principal-arn <PRINCIPAL_ARN>',
            'aws eks associate-access-policy --cluster-name prod --region eu-west-1 --principal-arn <PRINCIPAL_ARN> --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy --access-scope type=cluster',
            'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
            'aws sts get-caller-identity --profile prod-admin',
            'eksctl create iamidentitymapping --cluster prod --region eu-west-1 --arn <PRINCIPAL_ARN> --username <USERNAME> --group <GROUP>',
            'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
            'aws sts get-caller-identity --profile prod-admin',
            'aws eks update-kubeconfig --name prod --region eu-west-1 --profile <PROFILE>',
            'kubectl auth whoami --context arn:aws:eks:eu-west-1:123456789012:cluster/prod',
          ],
        },
      ],
    },
  ],
});

describe('eks-principal-unmapped', () => {
  it("asks first: an access entry, an aws-auth mapping (by the cluster's authentication mode), or another identity", () => {
    const [finding] = eksPrincipalUnmapped.check(
      subject(SESSION_TOKEN, refused('exec-plugin'), { state: 'ok', arn: ASSUMED, account: '123456789012' }),
    );
    expect(finding?.fix).toEqual([]);
    expect(finding?.paths?.map((p) => [p.id, p.steps.length])).toEqual([
      ['access-entry', 3],
      ['aws-auth', 2],
      ['other-identity', 2],
    ]);
  });

  it('takes the case over from server-unauthorized, which still reports a 401 not asked again', () => {
    expect(serverUnauthorized.check(subject(SESSION_TOKEN, refused('exec-plugin')))).toEqual([]);
    expect(serverUnauthorized.check(subject(SESSION_TOKEN, refused()))).toHaveLength(1);
  });

  it('decodes only the public parts of a real aws token, never its signature or session token', () => {
    const principal = decodeEksToken(SESSION_TOKEN);
    expect(principal).toMatchObject({
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      keyKind: 'temporary',
      region: 'eu-west-1',
      expiresSeconds: 60,
    });
    expect(JSON.stringify(principal)).not.toMatch(/Signature|FwoG/);
    expect(decodeEksToken(USER_TOKEN)).toMatchObject({ keyKind: 'long-term', region: 'us-east-1', clusterBound: true });
    expect(decodeEksToken('k8s-aws-v1.!!!')).toBeUndefined();
    expect(
      decodeEksToken(`k8s-aws-v1.${Buffer.from('https://evil.example.com/?Action=Other').toString('base64url')}`),
    ).toBeUndefined();
  });

  it('maps caller ARNs to the principal an access entry names', () => {
    expect(iamPrincipal('arn:aws:iam::123456789012:user/ops/bob')).toEqual({
      principalArn: 'arn:aws:iam::123456789012:user/ops/bob',
      kind: 'user',
    });
    expect(iamPrincipal('arn:aws-cn:sts::123456789012:assumed-role/R/s')).toMatchObject({
      principalArn: 'arn:aws-cn:iam::123456789012:role/R',
    });
    expect(iamPrincipal('not an arn')).toBeUndefined();
  });

  it('an IAM user is mapped as a mapUsers entry with its own name', () => {
    const findings = eksPrincipalUnmapped.check(
      subject(USER_TOKEN, refused('exec-plugin'), {
        state: 'ok',
        arn: 'arn:aws:iam::123456789012:user/bob',
        account: '123456789012',
      }),
    );
    expect(commandsOf(findings)).toContain(
      'eksctl create iamidentitymapping --cluster prod --region eu-west-1 --arn arn:aws:iam::123456789012:user/bob --username bob --group <GROUP>',
    );
  });
});
