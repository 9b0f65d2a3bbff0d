/**
 * Renews a client certificate through the cluster's kube-apiserver-client signer, as an
 * admin would with openssl and kubectl: a new key and request, a CertificateSigningRequest
 * sent with the context's own credential (or, once that has expired, with another context
 * to the same cluster), approved when that credential may approve (else the admin's exact
 * command, and a wait for them), then the certificate and key written into the user entry
 * through the safe writer and checked by a probe that must answer as the same user.
 * The new key never leaves this module but into the kubeconfig.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { clientLeaf } from '../../../shared/credentials/client-cert';
import { contextSubjects } from '../../../shared/diagnose';
import type { Snapshot } from '../../../shared/facts';
import type { SafeAction } from '../../../shared/findings';
import {
  ACCESS_REVIEW_API,
  approvalReviews,
  approved,
  certificateSigningRequest,
  clusterRoleBindingYaml,
  CLIENT_SIGNER,
  CSR_API,
  csrName,
  expirationSecondsOf,
  MASTERS,
  renewedSubject,
} from '../../../shared/guides/csr';
import { sameClusterContexts } from '../../../shared/guides/client-cert';
import { shellArg } from '../../../shared/guides/shell';
import { formatUtc } from '../../../shared/time';
import { editKubeconfig, type EditResult } from '../fix/kubeconfig-writer';
import { apiRequest, probeContext, type ApiAnswer } from '../probe/probe';
import { signingRequest, unsignableKey } from './signing-request';

type RenewAction = Extract<SafeAction, { kind: 'renew-client-cert' }>;

export interface RenewalOptions {
  snapshot: Snapshot;
  /** Reads the kubeconfig again after the write, for the probe that checks the new certificate. */
  reread: () => Promise<Snapshot>;
  backupsKept: number;
  /** Each request to the API server. */
  requestTimeoutMs: number;
  /** How long to wait for an admin's approval, polling every pollMs. */
  approvalWaitMs: number;
  pollMs: number;
  now: () => number;
  onOutput?: (chunk: string) => void;
  /** The certificate was issued after a wait for an admin (the app notifies). */
  onIssued?: (message: string) => void;
}

export interface RenewalOutcome {
  ok: boolean;
  message: string;
  output?: string;
  /** Set once the kubeconfig was written. */
  written?: { file: string; result: EditResult };
}

function fail(message: string, output?: string): RenewalOutcome {
  return { ok: false, message, ...(output ? { output } : {}) };
}

function statusWhy(answer: ApiAnswer): string {
  return answer.message ?? `HTTP ${answer.status}`;
}

interface CsrState {
  certificate?: string;
  /** Denied or Failed, with the reason. */
  refused?: string;
}

function csrState(json: Record<string, unknown> | undefined): CsrState {
  const status = (json?.status ?? {}) as { certificate?: unknown; conditions?: unknown };
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
  const refused = conditions.find((c) => (c.type === 'Denied' || c.type === 'Failed') && c.status !== 'False');
  if (refused) {
    const reason = [refused.reason, refused.message].filter((v) => typeof v === 'string' && v).join(': ');
    return { refused: `${String(refused.type).toLowerCase()}${reason ? ` (${reason})` : ''}` };
  }
  const certificate = typeof status.certificate === 'string' && status.certificate ? status.certificate : undefined;
  return certificate ? { certificate: Buffer.from(certificate, 'base64').toString('utf8') } : {};
}

/** kubectl config set-credentials --client-certificate=… --client-key=… --embed-certs for one user entry. */
function setClientCertificate(user: YAMLMap, certPem: string, keyPem: string): void {
  const fields = isMap(user.get('user')) ? (user.get('user') as YAMLMap) : undefined;
  const data = {
    'client-certificate-data': Buffer.from(certPem).toString('base64'),
    'client-key-data': Buffer.from(keyPem).toString('base64'),
  };
  if (!fields) {
    user.set('user', data);
    return;
  }
  // Embedding drops the file paths: kubectl reads a path over the data.
  fields.delete('client-certificate');
  fields.delete('client-key');
  for (const [key, value] of Object.entries(data)) fields.set(key, value);
}

export async function renewClientCert(action: RenewAction, options: RenewalOptions): Promise<RenewalOutcome> {
  const say = (line: string) => options.onOutput?.(`${line}\n`);
  const subject = contextSubjects(options.snapshot).find((s) => s.name === action.context);
  if (!subject) return fail(`no context named "${action.context}" in the kubeconfig`);
  const found = clientLeaf(subject);
  const commonName = found?.leaf.info.commonName;
  if (!found || !commonName) return fail(`context ${action.context} sends no client certificate with a CN`);
  const { user, leaf } = found;
  const { info } = leaf;
  if (info.organizations.includes(MASTERS)) {
    return fail(
      `the ${CLIENT_SIGNER} signer never issues certificates in group ${MASTERS} (the CertificateSubjectRestriction ` +
        `admission plugin refuses them): nothing was sent. Grant ${commonName} its rights through RBAC ` +
        `(kubectl --context ${shellArg(action.context)} apply -f binding.yaml), then renew without ${MASTERS}`,
      clusterRoleBindingYaml(commonName),
    );
  }
  const unsignable = unsignableKey(leaf.publicKey, action.keyType);
  if (unsignable) return fail(unsignable);
  const sender = action.via ?? action.context;
  if (action.via !== undefined && !sameClusterContexts(subject).includes(action.via)) {
    return fail(
      `context ${action.via} does not reach the same cluster (same server and CA) as ${action.context} with another user`,
    );
  }
  const call = (method: 'GET' | 'POST' | 'PUT', path: string, body?: object) =>
    apiRequest(
      options.snapshot,
      sender,
      { method, path, ...(body ? { body: JSON.stringify(body) } : {}) },
      { timeoutMs: options.requestTimeoutMs },
    );

  const request = await signingRequest(leaf.publicKey, renewedSubject(info));
  const name = csrName(commonName, options.now());
  const created = await call(
    'POST',
    CSR_API,
    certificateSigningRequest(name, request.requestPem, expirationSecondsOf(info)),
  );
  if (created.status !== 201) {
    return fail(
      `the cluster refused the CertificateSigningRequest ${name} from context ${sender}: ${statusWhy(created)}`,
    );
  }
  say(`created CertificateSigningRequest ${name} (signer ${CLIENT_SIGNER}) with context ${sender}`);

  const reviews = await Promise.all(approvalReviews().map((review) => call('POST', ACCESS_REVIEW_API, review)));
  const mayApprove = reviews.every(
    (r) => r.status === 201 && (r.json?.status as { allowed?: unknown })?.allowed === true,
  );
  const approveCommand = `kubectl --context ${shellArg(sender)} certificate approve ${name}`;
  let waited = false;
  if (mayApprove) {
    const approval = await call('PUT', `${CSR_API}/${name}/approval`, approved(created.json ?? {}));
    if (approval.status !== 200) {
      return fail(`approving ${name} failed: ${statusWhy(approval)}; a cluster admin can: ${approveCommand}`);
    }
    say(`approved ${name} with context ${sender}`);
  } else {
    waited = true;
    say(`context ${sender} may not approve it: waiting for a cluster admin to run\n  ${approveCommand}`);
  }

  let state: CsrState;
  const deadline = options.now() + (waited ? options.approvalWaitMs : Math.max(options.approvalWaitMs, options.pollMs));
  for (;;) {
    const current = await call('GET', `${CSR_API}/${name}`);
    if (current.status !== 200) return fail(`reading ${name} failed: ${statusWhy(current)}`);
    state = csrState(current.json);
    if (state.certificate || state.refused) break;
    if (options.now() >= deadline) {
      return fail(
        `no certificate for ${name} within ${Math.round(options.approvalWaitMs / 1000)} s: it waits for approval ` +
          `(${approveCommand}); run the renewal again once an admin is ready, nothing was written`,
      );
    }
    await sleep(options.pollMs);
  }
  if (state.refused) return fail(`CertificateSigningRequest ${name} was ${state.refused}; nothing was written`);

  const certPem = state.certificate ?? '';
  let issued: X509Certificate;
  try {
    issued = new X509Certificate(certPem);
  } catch {
    return fail(`${name} holds no certificate kubeward can read; nothing was written`);
  }
  const ours = createPublicKey(request.publicKeyPem).export({ type: 'spki', format: 'der' });
  if (!issued.publicKey.export({ type: 'spki', format: 'der' }).equals(ours)) {
    return fail(`the certificate in ${name} is not for the key kubeward made; nothing was written`);
  }
  if (waited) options.onIssued?.(`The new certificate for ${action.context} was issued (${name})`);

  const file = user.source;
  const result = await editKubeconfig(
    file,
    (doc) => {
      const users = doc.get('users');
      const entries = isSeq(users)
        ? users.items.filter((item): item is YAMLMap => isMap(item) && String(item.get('name')) === user.name)
        : [];
      if (entries.length === 0) throw new Error(`${file} no longer defines user "${user.name}"`);
      for (const entry of entries) setClientCertificate(entry, certPem, request.keyPem);
    },
    { backupsKept: options.backupsKept },
  );
  const written = { file, result };
  const until = formatUtc(Date.parse(issued.validTo));
  say(`stored the new certificate (valid until ${until}) and key in user ${user.name} in ${file}`);

  const probe = await probeContext(await options.reread(), action.context, { timeoutMs: options.requestTimeoutMs });
  const username = probe.state === 'answered' ? probe.identity?.username : undefined;
  if (probe.state !== 'answered' || probe.status < 200 || probe.status >= 300 || username !== commonName) {
    const why =
      probe.state === 'answered'
        ? `it answered ${probe.status}${username ? ` as ${username}` : ''}`
        : 'message' in probe
          ? probe.message
          : probe.state;
    return {
      ok: false,
      message: `stored the new certificate in user ${user.name} in ${file}, but the check of it failed (${why}): Undo restores the old one`,
      written,
    };
  }
  return {
    ok: true,
    message:
      `renewed the client certificate of user ${user.name} through CertificateSigningRequest ${name}: valid until ` +
      `${until}, and the API server answers as ${username}`,
    written,
  };
}
