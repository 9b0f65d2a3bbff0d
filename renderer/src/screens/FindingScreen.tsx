import { useRef } from 'preact/hooks';
import type { Finding, FindingRef } from '../../../shared/findings';
import type { KubewardApi, WindowReport } from '../../../shared/ipc';
import { findingAt } from '../../../shared/findings';
import { EvidenceTable } from '../components/EvidenceTable';
import { StatusBadge } from '../components/StatusBadge';
import { When } from '../components/When';
import type { Navigate } from '../route';
import { Wizard } from '../wizard/Wizard';

interface FindingScreenProps {
  api: KubewardApi;
  report: WindowReport;
  target: FindingRef;
  now: number;
  navigate: Navigate;
}

export function FindingScreen({ api, report, target, now, navigate }: FindingScreenProps) {
  // The finding as first seen, with its explanation: a fix makes it vanish from the next report (which then
  // explains it no more), and the wizard must stay.
  // (A notification can open it before the report that has it arrives: latch it when it does.)
  const latched = useRef<{ finding: Finding; explanation: string | undefined } | undefined>(undefined);
  if (!latched.current) {
    const seen = findingAt(report, target);
    if (seen) latched.current = { finding: seen, explanation: report.explanations[seen.rule] };
  }
  const finding = latched.current?.finding;
  const back = (
    <button type="button" class="link back" onClick={() => navigate({ page: 'overview' })}>
      ← Overview
    </button>
  );
  if (!finding) {
    return (
      <section class="finding">
        {back}
        <h1 tabIndex={-1}>Nothing to fix here</h1>
        <p>
          The last check found no “{target.rule}”{' '}
          {target.context ? `for context ${target.context}` : 'in the kubeconfig'}: it may have been fixed already.
        </p>
      </section>
    );
  }
  const explanation = latched.current?.explanation;
  const stillThere = findingAt(report, target) !== undefined;
  return (
    <article class="finding" aria-labelledby="finding-title">
      {back}
      <header class="finding-head">
        <StatusBadge status={finding.severity} />
        <h1 id="finding-title" tabIndex={-1}>
          {finding.title}
        </h1>
        <p class="where">
          {target.context ? `Context ${target.context}` : 'Whole kubeconfig'} · rule <code>{finding.rule}</code>
          {finding.expiresAt && (
            <>
              {' '}
              · expires <When iso={finding.expiresAt} now={now} expiry />
            </>
          )}
        </p>
      </header>
      {!stillThere && (
        <p class="banner banner-ok" role="status">
          The last check no longer finds this problem.
        </p>
      )}
      <p class="detail">{finding.detail}</p>
      {explanation && (
        <aside class="explanation" aria-label="Why this happens">
          <h2>Why this happens</h2>
          <p>{explanation}</p>
        </aside>
      )}
      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">Evidence</h2>
        <EvidenceTable evidence={finding.evidence} now={now} />
      </section>
      <Wizard api={api} target={target} finding={finding} />
    </article>
  );
}
