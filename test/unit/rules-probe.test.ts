import { describe, expect, it } from 'vitest';
import type { ContextSubject, Platform, ProbeResult, Snapshot } from '../../shared/facts';
import { RULES } from '../../shared/rules';
import clockSkew from '../../shared/rules/clock-skew';
import serverCertExpired from '../../shared/rules/server-cert-expired';
import serverForbidden from '../../shared/rules/server-forbidden';
import serverTlsUntrusted from '../../shared/rules/server-tls-untrusted';
import serverUnauthorized from '../../shared/rules/server-unauthorized';
import serverUnreachable from '../../shared/rules/server-unreachable';
import type { ContextRule } from '../../shared/rules/types';
import { serviceAccountToken } from '../fixtures/jwt';
import { commandsOf, ENV, NOW, subjectsOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

const HOME = '/home/u/.kube/config';
const CANARY = 'kw-canary-probe-7f3a9c2e1d';
const PROBE_RULES = [
  serverUnauthorized,
  serverForbidden,
  serverTlsUntrusted,
  serverCertExpired,
  serverUnreachable,
  clockSkew,
];
const SSR = 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews';

interface Setup {
  server?: string;
  /** YAML flow mapping of the cluster entry, beside `server`. */
  cluster?: string;
  /** YAML of the user entry (indented under `user:`). */
  user?: string;
  namespace?: string;
}

function kubeconfig(setup: Setup): string {
  const cluster = `{server: ${JSON.stringify(setup.server ?? 'https://api.prod.example.com:6443')}${setup.cluster ? `, ${setup.cluster}` : ''}}`;
  const namespace = setup.namespace ? `, namespace: ${setup.namespace}` : '';
  return `apiVersion: v1
clusters: [{name: prod-cluster, cluster: ${cluster}}]
users:
- name: prod-user
  user:
${setup.user ?? `    token: ${CANARY}`}
contexts: [{name: prod, context: {cluster: prod-cluster, user: prod-user${namespace}}}]
current-context: prod
`;
}

function subjectWith(setup: Setup, probe?: ProbeResult): ContextSubject {
  const base = snapshotFrom({ sources: { [HOME]: kubeconfig(setup) } });
  const snapshot: Snapshot = probe ? { ...base, probes: new Map([['prod', probe]]) } : base;
  const subject = subjectsOf(snapshot)[0];
  if (!subject) throw new Error('no context');
  return subject;
}

function run(rule: ContextRule, setup: Setup, probe?: ProbeResult, platform: Platform = 'linux') {
  return rule.check(subjectWith(setup, probe), { ...ENV, platform });
}

function answered(status: number, extra: Partial<Extract<ProbeResult, { state: 'answered' }>> = {}): ProbeResult {
  return { state: 'answered', request: SSR, status, localDate: NOW, durationMs: 40, ...extra };
}

const SERVER_CERT = {
  subject: 'CN=kube-apiserver',
  issuer: 'CN=some-other-ca',
  notBefore: NOW - 30 * 86_400_000,
  notAfter: NOW + 300 * 86_400_000,
  subjectAltName: 'DNS:kubernetes, DNS:kubernetes.default, IP Address:10.96.0.1',
  fingerprint256: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
};

const EKS_EXEC = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod]
      env: [{name: AWS_PROFILE, value: dev}]`;

describe('every probe rule', () => {
  it('is registered with needs: probe', () => {
    for (const rule of PROBE_RULES) {
      expect(RULES).toContain(rule);
      expect(rule.meta.needs).toBe('probe');
    }
  });

  it('says nothing offline (no probes), for a skipped probe, or for a healthy answer', () => {
    const probes: (ProbeResult | undefined)[] = [
      undefined,
      { state: 'skipped', reason: 'offline' },
      { state: 'skipped', reason: 'no-credential' },
      answered(201, { identity: { username: 'alice', groups: [] }, serverDate: NOW - 2_000 }),
    ];
    for (const probe of probes) {
      for (const rule of PROBE_RULES) expect(run(rule, {}, probe)).toEqual([]);
    }
  });
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
    expect(commandsOf(findings)).toContain('kubectl create token deployer -n prod --duration=1h');
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

  it('stays silent on other statuses', () => {
    for (const status of [200, 201, 403, 404, 500]) expect(run(serverUnauthorized, {}, answered(status))).toEqual([]);
  });
});

describe('server-forbidden', () => {
  const rbac = (user: string) =>
    `selfsubjectreviews.authentication.k8s.io is forbidden: User "${user}" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope`;

  it('is RBAC, not authentication: info, with can-i and a RoleBinding for the user in the context namespace', () => {
    const findings = run(serverForbidden, { namespace: 'team-a' }, answered(403, { message: rbac('alice') }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBeUndefined();
    expect(serverForbidden.meta.severity).toBe('info');
    expect(findings[0]?.detail).toContain('knows who you are (alice)');
    expect(findings[0]?.detail).toContain('RBAC does not allow it');
    expect(findings[0]?.evidence.username).toBe('alice');
    expect(commandsOf(findings)).toEqual([
      'kubectl auth can-i --list --context prod -n team-a',
      'kubectl create rolebinding alice-view --clusterrole=view --user=alice -n team-a',
      'kubectl auth whoami --context prod',
    ]);
  });

  it('binds a ServiceAccount with --serviceaccount', () => {
    const findings = run(serverForbidden, {}, answered(403, { message: rbac('system:serviceaccount:ci:builder') }));
    expect(commandsOf(findings)).toContain(
      'kubectl create rolebinding system-serviceaccount-ci-builder-view --clusterrole=view --serviceaccount=ci:builder -n default',
    );
  });

  it('calls a 403 to system:anonymous what it is: no usable credential', () => {
    const findings = run(serverForbidden, {}, answered(403, { message: rbac('system:anonymous') }));
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.title).toBe('API server treats requests as anonymous');
    expect(commandsOf(findings)).not.toContain('kubectl auth can-i --list --context prod -n default');
  });

  it('stays silent on a 401', () => {
    expect(run(serverForbidden, {}, answered(401))).toEqual([]);
  });
});

describe('server-tls-untrusted', () => {
  const untrusted: ProbeResult = {
    state: 'tls-error',
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    message: 'unable to verify the first certificate',
    serverCertificate: SERVER_CERT,
  };

  it('reports a server the cluster CA did not sign, with the certificate as evidence and the re-fetch steps', () => {
    const findings = run(serverTlsUntrusted, { cluster: 'certificate-authority-data: Zm9v' }, untrusted);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain(
      'does not verify against the certificate-authority-data of cluster prod-cluster',
    );
    expect(findings[0]?.detail).toContain('"x509: certificate signed by unknown authority"');
    expect(findings[0]?.detail).toContain('issued by CN=some-other-ca');
    expect(findings[0]?.evidence).toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      serverSubject: 'CN=kube-apiserver',
      serverIssuer: 'CN=some-other-ca',
      serverFingerprintSha256: SERVER_CERT.fingerprint256,
      serverNotAfter: '2027-03-28T12:00:00Z',
    });
    expect(commandsOf(findings)[0]).toBe(
      'openssl s_client -connect api.prod.example.com:6443 -servername api.prod.example.com </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
    );
  });

  it("names the system's roots when the kubeconfig gives no CA", () => {
    expect(run(serverTlsUntrusted, {}, untrusted)[0]?.detail).toContain("the system's trusted roots");
  });

  it('offers tls-server-name when the certificate is for another name', () => {
    const probe: ProbeResult = {
      state: 'tls-error',
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      message: "Hostname/IP does not match certificate's altnames",
      serverCertificate: SERVER_CERT,
    };
    const findings = run(serverTlsUntrusted, { server: 'https://127.0.0.1:16443' }, probe);
    expect(findings[0]?.title).toBe('API server certificate is for another name');
    expect(findings[0]?.detail).toContain('is not valid for 127.0.0.1: it names DNS:kubernetes');
    expect(commandsOf(findings)[0]).toBe('kubectl config set-cluster prod-cluster --tls-server-name=kubernetes');
  });

  it('points at the clock for a certificate that is not valid yet', () => {
    const probe: ProbeResult = {
      state: 'tls-error',
      code: 'CERT_NOT_YET_VALID',
      message: 'certificate is not yet valid',
      serverCertificate: { ...SERVER_CERT, notBefore: NOW + 3_600_000 },
    };
    const findings = run(serverTlsUntrusted, {}, probe, 'darwin');
    expect(findings[0]?.detail).toContain('2026-06-01 13:00 UTC (in 1 hour)');
    expect(commandsOf(findings)).toContain('sudo sntp -sS time.apple.com');
  });

  it('leaves an expired certificate to server-cert-expired', () => {
    const expired: ProbeResult = { state: 'tls-error', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' };
    expect(run(serverTlsUntrusted, {}, expired)).toEqual([]);
  });
});

describe('server-cert-expired', () => {
  const expired = (notAfter: number): ProbeResult => ({
    state: 'tls-error',
    code: 'CERT_HAS_EXPIRED',
    message: 'certificate has expired',
    serverCertificate: { ...SERVER_CERT, issuer: 'CN=kubernetes', notAfter },
  });

  it('dates the expiry and gives the kubeadm renewal', () => {
    const findings = run(serverCertExpired, {}, expired(NOW - 2 * 86_400_000));
    expect(findings[0]?.detail).toContain('expired 2026-05-30 12:00 UTC (2 days ago)');
    expect(findings[0]?.expiresAt).toBe('2026-05-30T12:00:00.000Z');
    expect(commandsOf(findings)).toContain('sudo kubeadm certs check-expiration');
    expect(commandsOf(findings)).toContain('sudo kubeadm certs renew all');
  });

  it('blames the chain when the server certificate itself is in date', () => {
    const findings = run(serverCertExpired, {}, expired(NOW + 86_400_000));
    expect(findings[0]?.detail).toContain('A CA certificate in the chain');
    expect(findings[0]?.expiresAt).toBeUndefined();
  });

  it('sends managed clusters to their provider instead of kubeadm', () => {
    const findings = run(
      serverCertExpired,
      { server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com' },
      expired(NOW - 1),
    );
    expect(findings[0]?.fix.map((s) => s.title)).toContain(
      'Amazon EKS rotates the API server certificate itself: open a support case with the provider',
    );
    expect(commandsOf(findings)).not.toContain('sudo kubeadm certs renew all');
  });

  it('stays silent on other TLS errors', () => {
    const other: ProbeResult = { state: 'tls-error', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed' };
    expect(run(serverCertExpired, {}, other)).toEqual([]);
  });
});

describe('server-unreachable', () => {
  const network = (
    code: string,
    extra: Partial<Extract<ProbeResult, { state: 'network-error' }>> = {},
  ): ProbeResult => ({
    state: 'network-error',
    code,
    message: `connect ${code}`,
    timedOut: false,
    stage: 'connect',
    ...extra,
  });

  it('tells a name that does not resolve, with the VPN hint and a lookup per platform', () => {
    const probe = network('ENOTFOUND', { stage: 'dns' });
    const findings = run(serverUnreachable, {}, probe);
    expect(findings[0]?.detail).toContain('The name api.prod.example.com does not resolve (ENOTFOUND)');
    expect(findings[0]?.detail).toContain('VPN');
    expect(commandsOf(findings)).toEqual(['nslookup api.prod.example.com', 'kubectl auth whoami --context prod']);
    expect(commandsOf(run(serverUnreachable, {}, probe, 'win32'))[0]).toBe('Resolve-DnsName api.prod.example.com');
  });

  it('recognises a stopped local cluster, in kubectl words', () => {
    const findings = run(serverUnreachable, { server: 'https://127.0.0.1:6443' }, network('ECONNREFUSED'));
    expect(findings[0]?.detail).toContain('a local cluster (kind, minikube, Docker Desktop');
    expect(findings[0]?.detail).toContain(
      '"The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?"',
    );
    expect(commandsOf(findings)).toContain('nc -vz -w 5 127.0.0.1 6443');
    expect(
      commandsOf(run(serverUnreachable, { server: 'https://127.0.0.1:6443' }, network('ECONNREFUSED'), 'win32')),
    ).toContain('Test-NetConnection 127.0.0.1 -Port 6443');
  });

  it('tells a connect timeout (firewall, VPN) from a server that connects and never answers', () => {
    const connectTimeout = network('ETIMEDOUT', { timedOut: true, message: 'no answer within 10 s (connecting)' });
    expect(run(serverUnreachable, {}, connectTimeout)[0]?.detail).toContain('did not accept a connection');
    const silent = network('ETIMEDOUT', { timedOut: true, stage: 'response', message: 'no answer within 10 s' });
    const findings = run(serverUnreachable, {}, silent);
    expect(findings[0]?.detail).toContain('accepted the connection but did not answer');
    expect(findings[0]?.evidence).toMatchObject({ timedOut: true, stage: 'response', code: 'ETIMEDOUT' });
    expect(commandsOf(findings)).toEqual(['kubectl auth whoami --context prod']);
  });

  it('says when the answer is not HTTP, and when the proxy is the one that is down', () => {
    const garbage = network('HPE_INVALID_CONSTANT', { stage: 'response', message: 'the answer is not HTTP' });
    expect(run(serverUnreachable, {}, garbage)[0]?.detail).toContain('but not an API server');
    const proxyDown = network('ECONNREFUSED', { proxy: 'http://proxy.corp:3128' });
    const findings = run(serverUnreachable, {}, proxyDown);
    expect(findings[0]?.detail).toContain('through the proxy http://proxy.corp:3128');
    expect(findings[0]?.detail).toContain('The proxy http://proxy.corp:3128 cannot be reached');
    expect(findings[0]?.fix[0]?.title).toContain('Check that the proxy http://proxy.corp:3128 is running');
  });

  it('is a warning by default and silent for answers and TLS errors', () => {
    expect(serverUnreachable.meta.severity).toBe('warning');
    expect(run(serverUnreachable, {}, answered(401))).toEqual([]);
    expect(run(serverUnreachable, {}, { state: 'tls-error', code: 'CERT_HAS_EXPIRED', message: 'x' })).toEqual([]);
  });
});

describe('clock-skew', () => {
  const skewed = (offsetMs: number) => answered(201, { serverDate: NOW - offsetMs, localDate: NOW });

  it('tolerates 30 seconds', () => {
    expect(run(clockSkew, {}, skewed(30_000))).toEqual([]);
    expect(run(clockSkew, {}, skewed(-29_000))).toEqual([]);
  });

  it('warns past 30 s, with both times and the offset', () => {
    const findings = run(clockSkew, {}, skewed(45_000));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBeUndefined();
    expect(clockSkew.meta.severity).toBe('warning');
    expect(findings[0]?.detail).toContain("This computer's clock is 45 seconds ahead of the API server");
    expect(findings[0]?.evidence).toMatchObject({
      serverDate: '2026-06-01T11:59:15Z',
      localDate: '2026-06-01T12:00:00Z',
      offsetSeconds: 45,
    });
    expect(commandsOf(findings)).toEqual([
      'timedatectl status',
      'sudo chronyc makestep',
      'sudo timedatectl set-ntp true',
      'kubectl auth whoami --context prod',
    ]);
  });

  it('is an error past 5 minutes, in either direction, with the platform clock fix', () => {
    const behind = run(clockSkew, {}, skewed(-7 * 60_000), 'win32');
    expect(behind[0]?.severity).toBe('error');
    expect(behind[0]?.detail).toContain('7 minutes behind the API server');
    expect(behind[0]?.evidence.offsetSeconds).toBe(-420);
    expect(commandsOf(behind)).toContain('w32tm /resync');
    expect(commandsOf(run(clockSkew, {}, skewed(6 * 60_000), 'darwin'))).toContain('sudo sntp -sS time.apple.com');
  });

  it('needs a Date header', () => {
    expect(run(clockSkew, {}, answered(201))).toEqual([]);
  });
});
