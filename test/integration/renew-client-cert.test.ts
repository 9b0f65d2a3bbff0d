/**
 * Client certificate renewal end to end, against the stand-in API server's CSR API: the
 * fix engine and the `kubeward fix` CLI on real kubeconfig files, every request the server
 * received checked, real kubectl as the cluster admin who approves, and the written
 * kubeconfig read back by kubectl.
 */
import { execFile } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkOnce } from '../../electron/core/check/check-once';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { cliExecPolicy } from '../../electron/core/exec/policy';
import { findCommand } from '../../electron/core/exec/find-command';
import { FixEngine } from '../../electron/core/fix/engine';
import { apiRequest } from '../../electron/core/probe/probe';
import { renewClientCert } from '../../electron/core/renewal/renew-client-cert';
import { signingRequest } from '../../electron/core/renewal/signing-request';
import { findingAt, guideSteps, type Report } from '../../shared/findings';
import { verificationOf } from '../../shared/fix-verification';
import { certificateSigningRequest, CSR_API } from '../../shared/guides/csr';
import { startApiServer, type ApiServer } from '../fixtures/apiserver';
import { DAY, newEcKeyPair, toData, type IssuedCert } from '../fixtures/pki';
import { CLI, type CliResult } from '../support/cli';
import { hostWith, PLATFORM } from '../support/host';
import { tempDir } from '../support/temp';

const kubectl = await findCommand('kubectl', { path: process.env.PATH, platform: PLATFORM });
const CSR_NAME = /^kubeward-[a-z0-9.-]+-\d{8}t\d{6}z$/;

interface Identity {
  cn: string;
  organizations: string[];
  /** Old certificate's lifetime: notBefore 30 days ago, notAfter this far from now. */
  leftMs: number;
  ec?: boolean;
}

let server: ApiServer;
beforeAll(async () => {
  server = await startApiServer({ csr: { approvers: ['admins'] } });
});
afterAll(() => server.stop());

function issue(who: Identity): IssuedCert {
  const now = Date.now();
  return server.clientCa.issue({
    cn: who.cn,
    organizations: who.organizations,
    notBefore: new Date(now - 30 * DAY),
    notAfter: new Date(now + who.leftMs),
    ...(who.ec ? { key: newEcKeyPair() } : {}),
  });
}

/** A kubeconfig with the renewed user's context and an admin context to the same cluster. */
function kubeconfig(who: Identity) {
  const dir = tempDir('renew');
  const file = path.join(dir, 'config');
  const old = issue(who);
  const admin = server.clientCa.issue({ cn: 'root', organizations: ['admins'] });
  const user = (cert: IssuedCert) =>
    `    client-certificate-data: ${toData(cert.certPem)}\n    client-key-data: ${toData(cert.keyPem)}`;
  const text = `apiVersion: v1
kind: Config
clusters:
- name: stand-in
  cluster:
    server: ${server.url}
    certificate-authority-data: ${toData(server.caPem)}
users:
- name: ${who.cn} # renewed by kubeward
  user:
${user(old)}
- name: root
  user:
${user(admin)}
contexts:
- name: mine
  context: {cluster: stand-in, user: ${who.cn}}
- name: admin
  context: {cluster: stand-in, user: root}
current-context: mine
`;
  writeFileSync(file, text, { mode: 0o600 });
  const host = hostWith(dir, { PATH: process.env.PATH, HOME: dir });
  return { dir, file, text, old, host };
}

async function check(file: string, dir: string): Promise<Report> {
  const { report } = await checkOnce({
    kubeconfig: file,
    selection: { kind: 'all' },
    now: Date.now(),
    offline: true,
    timeoutMs: 10_000,
    host: hostWith(dir, { PATH: process.env.PATH, HOME: dir }),
    policy: cliExecPolicy,
  });
  return report;
}

/** The user entry's certificate and key as written. */
function written(file: string, user: string): { cert: X509Certificate; keyPem: string } {
  const doc = parseDocument(readFileSync(file, 'utf8')).toJS() as {
    users: { name: string; user: Record<string, string> }[];
  };
  const entry = doc.users.find((u) => u.name === user)?.user ?? {};
  const decode = (field: string) => Buffer.from(entry[field] ?? '', 'base64').toString('utf8');
  return { cert: new X509Certificate(decode('client-certificate-data')), keyPem: decode('client-key-data') };
}

function since(mark: number) {
  return server.requests.slice(mark).map((r) => `${r.method} ${r.path} ${r.username ?? '-'} ${r.status ?? '-'}`);
}

const CSR_CREATE = `POST ${CSR_API}`;
const REVIEW = 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const WHOAMI = 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews';

describe('renew an expiring client certificate (Renew now)', () => {
  it('renews with the context’s own credential and approves when it may: same user, groups, lifetime and key type', async () => {
    const who = { cn: 'carol', organizations: ['admins', 'dev'], leftMs: 3 * DAY };
    const { dir, file, text, old, host } = kubeconfig(who);
    const report = await check(file, dir);
    const finding = findingAt(report, { context: 'mine', rule: 'client-cert-expiring' });
    expect(finding?.fix.paths?.map((p) => p.id)).toEqual(['renew', 'kubeadm', 'admin']);
    expect(finding?.fix.steps).toEqual([]);
    const [renew] = guideSteps(finding?.fix ?? { guide: 'client-cert-expiring', steps: [] }, 'renew') ?? [];
    expect(renew?.action).toEqual({ kind: 'renew-client-cert', context: 'mine' });
    expect(renew?.command).toBe('kubeward fix client-cert-expiring --context mine --path renew');

    const mark = server.requests.length;
    const output: string[] = [];
    const engine = new FixEngine({ host, kubeconfig: file });
    const result = await engine.runFindingStep(report, must(finding), { path: 'renew', step: 0 }, (c) =>
      output.push(c),
    );
    expect(result.message).toMatch(/^renewed the client certificate of user carol through CertificateSigningRequest /);
    expect(result.ok).toBe(true);
    const name = [...server.csrs.keys()].at(-1) ?? '';
    expect(name).toMatch(CSR_NAME);
    expect(since(mark)).toEqual([
      `${CSR_CREATE} carol 201`,
      `${REVIEW} carol 201`,
      `${REVIEW} carol 201`,
      `PUT ${CSR_API}/${name}/approval carol 200`,
      `GET ${CSR_API}/${name} carol 200`,
      `${WHOAMI} carol 201`,
    ]);
    const stored = server.csrs.get(name);
    expect(stored?.spec).toMatchObject({
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      username: 'carol',
      expirationSeconds: lifetimeSeconds(old.certPem),
    });
    const request = forge.pki.certificationRequestFromPem(Buffer.from(stored?.spec.request ?? '', 'base64').toString());
    expect(request.subject.attributes.map((a) => `${a.shortName}=${String(a.value)}`)).toEqual([
      'CN=carol',
      'O=admins',
      'O=dev',
    ]);

    const now = written(file, 'carol');
    expect(now.cert.subject).toBe('CN=carol\nO=admins\nO=dev');
    expect(now.cert.checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(now.keyPem)))).toBe(
      true,
    );
    expect(createPublicKey(now.keyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(lifetimeSeconds(now.cert.toString())).toBe(lifetimeSeconds(old.certPem) + 5 * 60);
    expect(output.join('')).toContain(`created CertificateSigningRequest ${name}`);
    // The key went to the kubeconfig only: not to the message or the output.
    expect(JSON.stringify(result) + output.join('')).not.toContain(now.keyPem.split('\n')[1]);
    // The comment on the user entry survives; the finding is gone.
    expect(readFileSync(file, 'utf8')).toContain('- name: carol # renewed by kubeward');
    expect(verificationOf(await check(file, dir), { context: 'mine', rule: 'client-cert-expiring' }).fixed).toBe(true);

    // Undo puts the old certificate back, byte for byte.
    const undone = await engine.undo(result.undoId ?? '');
    expect(undone.ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
  });

  it.skipIf(!kubectl.resolved)(
    'shows the approve command, waits for a cluster admin (real kubectl approves) and says when it was issued',
    async () => {
      const { dir, file, host } = kubeconfig({ cn: 'alice', organizations: ['dev'], leftMs: 3 * DAY });
      const report = await check(file, dir);
      const finding = must(findingAt(report, { context: 'mine', rule: 'client-cert-expiring' }));
      const notices: string[] = [];
      const output: string[] = [];
      const engine = new FixEngine({
        host,
        kubeconfig: file,
        approvalPollMs: 100,
        approvalWaitMs: 20_000,
        onNotice: (m) => notices.push(m),
      });
      const mark = server.requests.length;
      const running = engine.runFindingStep(report, finding, { path: 'renew', step: 0 }, (c) => output.push(c));
      const name = await waitFor(() => [...server.csrs.keys()].find((n) => n.startsWith('kubeward-alice-')));
      await waitFor(() => output.join('').includes('certificate approve') || undefined);
      expect(output.join('')).toContain(`kubectl --context mine certificate approve ${name}`);
      const approve = await kubectlRun(['--context', 'admin', 'certificate', 'approve', name], file, dir);
      expect(approve.stderr).toBe('');
      expect(approve.stdout).toBe(`certificatesigningrequest.certificates.k8s.io/${name} approved\n`);
      const result = await running;
      expect(result.ok, result.message).toBe(true);
      expect(notices).toEqual([`The new certificate for mine was issued (${name})`]);
      const mine = since(mark).filter((line) => line.includes(' alice '));
      expect(mine.slice(0, 3)).toEqual([`${CSR_CREATE} alice 201`, `${REVIEW} alice 201`, `${REVIEW} alice 201`]);
      expect(mine.filter((l) => l.includes('/approval'))).toEqual([]);
      expect(mine.at(-1)).toBe(`${WHOAMI} alice 201`);
      expect(since(mark)).toContain(`PUT ${CSR_API}/${name}/approval root 200`);
      // kubectl reads the written entry and authenticates as alice with it.
      const whoami = await kubectlRun(
        ['--context', 'mine', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'],
        file,
        dir,
      );
      expect(whoami.stdout).toBe('alice');
    },
  );

  it('stops waiting after the bound when no one approves, and writes nothing', async () => {
    const { dir, file, text, host } = kubeconfig({ cn: 'dave', organizations: ['dev'], leftMs: 3 * DAY });
    const report = await check(file, dir);
    const finding = must(findingAt(report, { context: 'mine', rule: 'client-cert-expiring' }));
    const engine = new FixEngine({ host, kubeconfig: file, approvalPollMs: 100, approvalWaitMs: 500 });
    const mark = server.requests.length;
    const started = Date.now();
    const result = await engine.runFindingStep(report, finding, { path: 'renew', step: 0 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^no certificate for kubeward-dave-\S+ within 1 s: it waits for approval \(kubectl --context mine certificate approve kubeward-dave-/,
    );
    expect(result.undoId).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['config']);
    const lines = since(mark);
    expect(lines.slice(0, 3)).toEqual([`${CSR_CREATE} dave 201`, `${REVIEW} dave 201`, `${REVIEW} dave 201`]);
    expect(new Set(lines.slice(3))).toEqual(
      new Set([expect.stringMatching(new RegExp(`^GET ${CSR_API}/kubeward-dave-\\S+ dave 200$`))]),
    );
    expect(lines.length).toBeGreaterThan(4);
  });

  it('says what RBAC refused when the credential may not create requests, and writes nothing', async () => {
    const strict = await startApiServer({ ca: undefined, csr: { creators: ['admins'], approvers: ['admins'] } });
    try {
      const dir = tempDir('renew');
      const file = path.join(dir, 'config');
      const old = strict.clientCa.issue({
        cn: 'erin',
        organizations: ['dev'],
        notBefore: new Date(Date.now() - 30 * DAY),
        notAfter: new Date(Date.now() + DAY),
      });
      const text = `apiVersion: v1
kind: Config
clusters:
- name: s
  cluster: {server: "${strict.url}", certificate-authority-data: ${toData(strict.caPem)}}
users:
- name: erin
  user: {client-certificate-data: ${toData(old.certPem)}, client-key-data: ${toData(old.keyPem)}}
contexts:
- name: mine
  context: {cluster: s, user: erin}
current-context: mine
`;
      writeFileSync(file, text, { mode: 0o600 });
      const report = await check(file, dir);
      const finding = must(findingAt(report, { context: 'mine', rule: 'client-cert-expiring' }));
      const engine = new FixEngine({ host: hostWith(dir, { HOME: dir }), kubeconfig: file });
      const result = await engine.runFindingStep(report, finding, { path: 'renew', step: 0 });
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(
        /^the cluster refused the CertificateSigningRequest kubeward-erin-\S+ from context mine: certificatesigningrequests\.certificates\.k8s\.io is forbidden: User "erin" cannot create resource "certificatesigningrequests" in API group "certificates\.k8s\.io" at the cluster scope$/,
      );
      expect(strict.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`${CSR_CREATE} 403`]);
      expect(readFileSync(file, 'utf8')).toBe(text);
    } finally {
      await strict.stop();
    }
  });

  it('refuses system:masters before sending anything, and shows the ClusterRoleBinding the new identity needs', async () => {
    const { dir, file, text } = kubeconfig({
      cn: 'kubernetes-admin',
      organizations: ['system:masters'],
      leftMs: 3 * DAY,
    });
    const report = await check(file, dir);
    const finding = must(findingAt(report, { context: 'mine', rule: 'client-cert-expiring' }));
    expect(finding.fix.paths?.map((p) => p.id)).toEqual(['kubeadm', 'admin']);
    const admin = finding.fix.paths?.find((p) => p.id === 'admin');
    expect(admin?.summary).toContain('never issues system:masters');
    expect(admin?.steps[0]?.command).toContain('kind: ClusterRoleBinding');
    const mark = server.requests.length;
    const outcome = await renewClientCert(
      { kind: 'renew-client-cert', context: 'mine' },
      {
        snapshot: await gatherSnapshot({ kubeconfig: file, host: hostWith(dir, { HOME: dir }) }),
        reread: () => Promise.reject(new Error('not reached')),
        backupsKept: 3,
        requestTimeoutMs: 5000,
        approvalWaitMs: 1000,
        pollMs: 100,
        now: Date.now,
      },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(
      /^the kubernetes\.io\/kube-apiserver-client signer never issues certificates in group system:masters/,
    );
    expect(outcome.output).toBe(admin?.steps[0]?.command?.split('\n').slice(1, -1).join('\n'));
    expect(server.requests.length).toBe(mark);
    expect(readFileSync(file, 'utf8')).toBe(text);

    // And the server refuses such a request, as the CertificateSubjectRestriction plugin does.
    const snapshot = await gatherSnapshot({ kubeconfig: file, host: hostWith(dir, { HOME: dir }) });
    const csr = forge.pki.createCertificationRequest();
    const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
    csr.publicKey = keys.publicKey;
    csr.setSubject([
      { shortName: 'CN', value: 'x' },
      { shortName: 'O', value: 'system:masters' },
    ]);
    csr.sign(keys.privateKey, forge.md.sha256.create());
    const answer = await apiRequest(snapshot, 'admin', {
      method: 'POST',
      path: CSR_API,
      body: JSON.stringify(certificateSigningRequest('masters', forge.pki.certificationRequestToPem(csr), 3600)),
    });
    expect(answer.status).toBe(403);
    expect(answer.message).toBe(
      'certificatesigningrequests.certificates.k8s.io "masters" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
    );
  });

  it('renews an EC certificate with an RSA key, as its step says', async () => {
    const { dir, file, host } = kubeconfig({ cn: 'frank', organizations: ['admins'], leftMs: 3 * DAY, ec: true });
    const report = await check(file, dir);
    const finding = must(findingAt(report, { context: 'mine', rule: 'client-cert-expiring' }));
    const [renew] = guideSteps(finding.fix, 'renew') ?? [];
    expect(renew?.title).toBe(
      'Renew the certificate of user frank with a new RSA key (the old key is EC, which kubeward cannot sign a request with)',
    );
    expect(renew?.action).toEqual({ kind: 'renew-client-cert', context: 'mine', keyType: 'rsa' });
    const result = await new FixEngine({ host, kubeconfig: file }).runFindingStep(report, finding, {
      path: 'renew',
      step: 0,
    });
    expect(result.ok, result.message).toBe(true);
    expect(createPublicKey(written(file, 'frank').keyPem).asymmetricKeyType).toBe('rsa');
  });
});

describe.skipIf(!kubectl.resolved)('the CertificateSigningRequest kubeward sends, as kubectl reads it', () => {
  it('is an object kubectl creates (client dry run) with the same signer, usages, lifetime and request', async () => {
    const { dir, file } = kubeconfig({ cn: 'heidi', organizations: ['dev'], leftMs: 3 * DAY });
    const request = await signingRequest(
      { kind: 'rsa', modulus: new Uint8Array(256).fill(1) },
      { commonName: 'heidi', organizations: ['dev'] },
    );
    const object = certificateSigningRequest('kubeward-heidi-20261202t000000z', request.requestPem, 2_592_000);
    const manifest = path.join(dir, 'csr.json');
    writeFileSync(manifest, JSON.stringify(object));
    const created = await kubectlRun(
      ['--context', 'admin', 'create', '--dry-run=client', '--validate=false', '-f', manifest, '-o', 'json'],
      file,
      dir,
    );
    expect(created.stderr).toBe('');
    expect(JSON.parse(created.stdout)).toEqual(object);
    // openssl verifies the PKCS#10 signature node-forge made and reads the subject it asks for.
    const checked = await run(
      'openssl',
      ['req', '-noout', '-verify', '-subject', '-nameopt', 'compat'],
      {},
      request.requestPem,
    );
    expect(checked.stdout + checked.stderr).toMatch(/verify OK/i);
    expect(checked.stdout).toContain('subject=/CN=heidi/O=dev');
  });
});

describe('renew an expired client certificate through another context', () => {
  it('offers the contexts to the same cluster, sends the request with the chosen one, and stores a working certificate', async () => {
    const { dir, file, host } = kubeconfig({ cn: 'bob', organizations: ['dev'], leftMs: -DAY });
    const report = await check(file, dir);
    const finding = must(findingAt(report, { context: 'mine', rule: 'client-cert-expired' }));
    expect(finding.fix.paths?.map((p) => p.id)).toEqual(['via', 'kubeadm', 'admin']);
    const [step] = guideSteps(finding.fix, 'via') ?? [];
    expect(step?.choice?.options.map((o) => [o.value, o.command])).toEqual([
      ['admin', 'kubeward fix client-cert-expired --context mine --path via --via admin'],
    ]);
    const engine = new FixEngine({ host, kubeconfig: file });
    const unknown = await engine.runFindingStep(report, finding, { path: 'via', step: 0, option: 'elsewhere' });
    expect(unknown).toEqual({ ok: false, message: 'step 1 offers no choice "elsewhere"' });
    const mark = server.requests.length;
    const result = await engine.runFindingStep(report, finding, { path: 'via', step: 0, option: 'admin' });
    expect(result.ok, result.message).toBe(true);
    const name = [...server.csrs.keys()].find((n) => n.startsWith('kubeward-bob-')) ?? '';
    expect(since(mark)).toEqual([
      `${CSR_CREATE} root 201`,
      `${REVIEW} root 201`,
      `${REVIEW} root 201`,
      `PUT ${CSR_API}/${name}/approval root 200`,
      `GET ${CSR_API}/${name} root 200`,
      `${WHOAMI} bob 201`,
    ]);
    expect(written(file, 'bob').cert.subject).toBe('CN=bob\nO=dev');
    expect(verificationOf(await check(file, dir), { context: 'mine', rule: 'client-cert-expired' }).fixed).toBe(true);
  });

  it('kubeward fix client-cert-expired --via admin --yes does it from the command line', async () => {
    const { dir, file } = kubeconfig({ cn: 'grace', organizations: ['dev'], leftMs: -DAY });
    const wrong = await kubeward(
      ['fix', 'client-cert-expired', '--context', 'mine', '--via', 'nowhere', '--yes', '--offline'],
      file,
      dir,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--via nowhere is not one of the contexts this step can use (admin)');
    const mark = server.requests.length;
    const run = await kubeward(
      ['fix', 'client-cert-expired', '--context', 'mine', '--via', 'admin', '--yes', '--offline'],
      file,
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Renew through another context (--path via):');
    expect(run.stdout).toMatch(
      /running step 1: kubeward fix client-cert-expired --context mine --path via --via admin\n/,
    );
    expect(run.stdout).toMatch(
      /done: renewed the client certificate of user grace through CertificateSigningRequest kubeward-grace-/,
    );
    expect(run.stdout).toMatch(/backup of .*config: .*config\.kubeward-.*\.bak\n/);
    const name = [...server.csrs.keys()].find((n) => n.startsWith('kubeward-grace-')) ?? '';
    expect(since(mark)).toEqual([
      `${CSR_CREATE} root 201`,
      `${REVIEW} root 201`,
      `${REVIEW} root 201`,
      `PUT ${CSR_API}/${name}/approval root 200`,
      `GET ${CSR_API}/${name} root 200`,
      `${WHOAMI} grace 201`,
    ]);
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

/** notAfter - notBefore: the stand-in signer backdates notBefore by 5 minutes, as kube-controller-manager does. */
function lifetimeSeconds(pem: string): number {
  const cert = new X509Certificate(pem);
  return (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 1000;
}

function waitFor<T>(get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = get();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(poll, 20);
    };
    poll();
  });
}

function kubectlRun(args: string[], file: string, home: string): Promise<CliResult> {
  return run(kubectl.resolved ?? 'kubectl', args, { KUBECONFIG: file, HOME: home });
}

/** The CLI without blocking this process: the stand-in server here must answer it. */
function kubeward(args: string[], file: string, home: string): Promise<CliResult> {
  return run(process.execPath, [CLI, ...args], { KUBECONFIG: file, HOME: home });
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      program,
      args,
      { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}
