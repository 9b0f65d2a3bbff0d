/**
 * eks-principal-unmapped end to end: the real aws CLI as the exec plugin (dummy keys presign
 * offline), the stand-in API server on 127.0.0.1 refusing every token, and `aws sts
 * get-caller-identity` answered by a stand-in STS (AWS_ENDPOINT_URL_STS in the plugin's own env)
 * or failing at once against a closed port, as it does offline.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkOnce } from '../../electron/core/check/check-once';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import type { Finding } from '../../shared/findings';
import { startApiServer, type ApiServer } from '../fixtures/apiserver';
import { toData } from '../fixtures/pki';
import { hostWith } from '../support/host';
import { closedPort } from '../support/ports';
import { tempDir } from '../support/temp';

const SECRET_KEY = 'kw-canary-aws-secret-Pq93Lx7Vb2Nm';
const SESSION_TOKEN = 'kw-canary-aws-session-Zt51Hc8Rw4Jd';
const ARN = 'arn:aws:sts::123456789012:assumed-role/Developer/alice';

function hasAws(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}
const AWS = hasAws();

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** STS GetCallerIdentity as AWS answers it (XML over the query protocol), counting calls. */
async function standInSts(): Promise<{ url: string; calls: () => number }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls += 1;
    req.resume();
    const xml =
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
      `<Arn>${ARN}</Arn><UserId>AROAEXAMPLEID:alice</UserId><Account>123456789012</Account>` +
      '</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
    res.writeHead(200, { 'Content-Type': 'text/xml' }).end(xml);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls: () => calls };
}

async function refusingApi(): Promise<ApiServer> {
  const api = await startApiServer({});
  stops.push(() => api.stop());
  return api;
}

async function check(api: ApiServer, stsUrl: string) {
  const dir = tempDir('eks');
  const file = path.join(dir, 'config');
  const context = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
  const exec = {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod', '--output', 'json'],
    env: [
      { name: 'AWS_ACCESS_KEY_ID', value: 'ASIAIOSFODNN7EXAMPLE' },
      { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET_KEY },
      { name: 'AWS_SESSION_TOKEN', value: SESSION_TOKEN },
      { name: 'AWS_ENDPOINT_URL_STS', value: stsUrl },
    ],
    interactiveMode: 'Never',
  };
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: api.url, 'certificate-authority-data': toData(api.caPem) } }],
      users: [{ name: 'u', user: { exec } }],
      contexts: [{ name: context, context: { cluster: 'c', user: 'u' } }],
      'current-context': context,
    }),
    { mode: 0o600 },
  );
  // No config or credentials files of the user's: HOME is the temp dir.
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_CONFIG_FILE: path.join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
  };
  return checkOnce({
    kubeconfig: file,
    selection: { kind: 'all' },
    now: Date.now(),
    offline: false,
    timeoutMs: 15_000,
    host: hostWith(dir, env),
    policy: cliExecPolicy,
  });
}

function findingsOf(report: Awaited<ReturnType<typeof check>>['report'], rule: string): Finding[] {
  return report.contexts.flatMap((c) => c.findings).filter((f) => f.rule === rule);
}

describe.skipIf(!AWS)('a fresh EKS token the cluster refuses', () => {
  it('names the principal from the token and from STS, and gives the grant', async () => {
    const api = await refusingApi();
    const sts = await standInSts();
    const { report } = await check(api, sts.url);
    // The first token, then the plugin's fresh one: both refused.
    expect(api.requests.map((r) => r.status)).toEqual([401, 401]);
    expect(sts.calls()).toBe(1);
    expect(findingsOf(report, 'server-unauthorized')).toEqual([]);
    const [finding] = findingsOf(report, 'eks-principal-unmapped');
    expect(finding?.evidence).toMatchObject({
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      keyKind: 'temporary',
      stsRegion: 'eu-west-1',
      callerArn: ARN,
      principalArn: 'arn:aws:iam::123456789012:role/Developer',
      roleSession: 'alice',
    });
    expect(finding?.fix.paths?.[0]?.steps.map((s) => s.command)).toContain(
      'aws eks create-access-entry --cluster-name prod --region eu-west-1 --principal-arn arn:aws:iam::123456789012:role/Developer',
    );
    const text = JSON.stringify(report);
    for (const secret of [SECRET_KEY, SESSION_TOKEN, 'k8s-aws-v1.a']) expect(text).not.toContain(secret);
  }, 60_000);

  it('STS out of reach (offline): the key and region from the token, the failure in a line, in bounded time', async () => {
    const api = await refusingApi();
    const started = Date.now();
    const { report } = await check(api, `http://127.0.0.1:${await closedPort()}`);
    // Two plugin runs and the STS call, each bounded by the check's timeout (15 s): a refused port fails at once.
    expect(Date.now() - started).toBeLessThan(45_000);
    const [finding] = findingsOf(report, 'eks-principal-unmapped');
    expect(finding?.evidence).toMatchObject({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', stsRegion: 'eu-west-1' });
    expect(finding?.evidence.callerIdentityError).toMatch(/Could not connect to the endpoint URL/);
    expect(finding?.detail).toContain('Its ARN is not known');
    // Whichever way the user takes, they first see who signs.
    expect(finding?.fix.paths?.map((p) => p.steps[0]?.command)).toEqual([
      'aws sts get-caller-identity',
      'aws sts get-caller-identity',
      'aws sts get-caller-identity',
    ]);
  }, 60_000);
});
