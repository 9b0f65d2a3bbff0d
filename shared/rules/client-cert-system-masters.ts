import { clientCertEvidence, clientLeaf, describeClientCert } from '../credentials/client-cert';
import { scopedIdentitySteps } from '../guides/client-cert';
import { formatUtc } from '../time';
import type { ContextRule } from './types';

const ID = 'client-cert-system-masters';
const MASTERS = 'system:masters';

export default {
  meta: {
    id: ID,
    title: 'Client certificate in system:masters',
    severity: 'info',
    needs: 'offline',
    description: 'The client certificate carries O=system:masters: cluster-admin that RBAC cannot narrow or revoke.',
    explanation:
      'Members of the group system:masters bypass RBAC: the API server allows every request they make ' +
      'without consulting any Role or binding. Kubernetes cannot revoke a certificate, so whoever holds ' +
      'this one stays cluster-admin until it expires or the cluster CA is replaced.',
    remedy:
      'Keep the certificate for break-glass access only. Daily work and automation deserve an identity RBAC' +
      ' can narrow and take back: a user or group bound to a Role, or a ServiceAccount with short-lived ' +
      'tokens.',
  },
  scope: 'context',
  check(subject, env) {
    const found = clientLeaf(subject);
    if (!found?.leaf.info.organizations.includes(MASTERS)) return [];
    const { user, leaf, source } = found;
    const { info } = leaf;
    const until = info.notAfter > env.now ? `before it expires (${formatUtc(info.notAfter)})` : 'while it is valid';
    return [
      {
        detail:
          `${describeClientCert(user.name, source, info)} puts ${info.commonName ?? 'its holder'} in group ${MASTERS}: ` +
          'the API server grants every request without consulting RBAC, and nothing short of replacing the ' +
          `cluster CA revokes it ${until}. Fine for break-glass access; daily use and automation deserve an ` +
          'identity whose rights RBAC can narrow and take back.',
        evidence: clientCertEvidence(user.name, source, info),
        fix: scopedIdentitySteps(subject, info),
      },
    ];
  },
} satisfies ContextRule;
