/** When a 401 on EKS is the principal not being mapped: the eks-principal-unmapped rule's case, which server-unauthorized leaves to it. */
import type { ContextSubject } from '../../facts';
import { decodeEksToken, type EksTokenPrincipal } from '../../exec/eks-token';
import { execSubject } from '../../exec/subject';
import { commandName } from '../../guides/provider';
import { probeIn, type ProbeOf } from './probe';

export interface UnmappedPrincipal {
  probe: ProbeOf<'answered'>;
  principal: EksTokenPrincipal;
}

/** `aws eks get-token` gave a token, it was fresh (asked again after a first 401), and the cluster still refused it. */
export function unmappedEksPrincipal(subject: ContextSubject): UnmappedPrincipal | undefined {
  const probe = probeIn(subject, 'answered');
  if (probe?.status !== 401 || probe.retried !== 'exec-plugin' || probe.credential?.from !== 'exec') return undefined;
  const found = execSubject(subject);
  if (!found || found.run.state !== 'ok' || commandName(found.exec.command) !== 'aws') return undefined;
  if (!found.exec.args.includes('get-token')) return undefined;
  const token = found.run.credential.token;
  const principal = token ? decodeEksToken(token) : undefined;
  return principal ? { probe, principal } : undefined;
}
