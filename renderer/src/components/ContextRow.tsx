import { SEVERITY_RANK, type ContextReport } from '../../../shared/findings';
import { CREDENTIAL_LABEL } from '../labels';
import { findingRef, type Navigate } from '../route';
import { StatusBadge } from './StatusBadge';
import { When } from './When';

function serverHost(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

export function ContextRow({ context, now, navigate }: { context: ContextReport; now: number; navigate: Navigate }) {
  const findings = [...context.findings].sort(
    (a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0),
  );
  const where = [context.cluster, context.server && serverHost(context.server)].filter(Boolean).join(' · ');
  return (
    <tr class={context.current ? 'current' : undefined}>
      <td>
        <StatusBadge status={context.status} />
      </td>
      <th scope="row" class="context-name">
        <span class="name">{context.name}</span>
        {context.current && <span class="pill">current</span>}
        {where && <span class="sub">{where}</span>}
      </th>
      <td data-label="Credential">{CREDENTIAL_LABEL[context.credential.kind]}</td>
      <td data-label="Identity">
        {context.identity ? (
          <span title={context.identity.groups.join(', ') || 'no groups'}>{context.identity.username}</span>
        ) : (
          <span class="muted" title="Known after a probe of the API server">
            not probed
          </span>
        )}
      </td>
      <td data-label="Works until">
        {context.worksUntil ? (
          <>
            <When iso={context.worksUntil.at} now={now} expiry />
            <span class="when-cause">{context.worksUntil.cause}</span>
          </>
        ) : context.credential.expiresAt ? (
          <When iso={context.credential.expiresAt} now={now} expiry />
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td data-label="Findings">
        {findings.length === 0 ? (
          <span class="muted">None</span>
        ) : (
          <ul class="row-findings">
            {findings.map((f) => (
              <li key={`${f.rule}/${f.title}`} class={`finding-${f.severity}`}>
                <button
                  type="button"
                  class="link"
                  onClick={() => navigate({ page: 'finding', ref: findingRef(f.rule, context.name) })}
                >
                  {f.title}
                </button>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
