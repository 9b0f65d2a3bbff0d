import { useRef } from 'preact/hooks';
import type { Finding, FindingRef } from '../../../shared/findings';
import type { KubewardApi, WindowReport } from '../../../shared/ipc';
import { findingAt } from '../../../shared/findings';
import { nextProblem } from '../../../shared/overview';
import { EvidenceTable } from '../components/EvidenceTable';
import { StatusBadge } from '../components/StatusBadge';
import { When } from '../components/When';
import { findingRef, type Navigate } from '../route';
import { Wizard } from '../wizard/Wizard';

interface FindingScreenProps {
  api: KubewardApi;
  report: WindowReport;
  target: FindingRef;
  now: number;
  navigate: Navigate;
}

/** Once the last check no longer finds it: the context's status now, and the next thing to fix. */
function FixedBanner({ report, target, navigate }: Pick<FindingScreenProps, 'report' | 'target' | 'navigate'>) {
  const context = report.contexts.find((c) => c.name === target.context);
  const next = nextProblem(report, target);
  return (
    <div class="banner banner-ok fixed-banner" role="status">
      <p>
        The last check no longer finds this problem.
        {context && (
          <>
            {' '}
            Context {context.name} is now <StatusBadge status={context.status} />
          </>
        )}
      </p>
      {next ? (
        <button
          type="button"
          class="button primary"
          onClick={() => navigate({ page: 'finding', ref: findingRef(next.finding.rule, next.context) })}
        >
          Next problem: {next.finding.title}
          {next.context ? ` (${next.context})` : ''}
        </button>
      ) : (
        <button type="button" class="button" onClick={() => navigate({ page: 'overview' })}>
          No other problems: back to the overview
        </button>
      )}
    </div>
  );
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
          The last check found no such problem {target.context ? `for context ${target.context}` : 'in the kubeconfig'}:
          it may have been fixed already.
        </p>
      </section>
    );
  }
  const explanation = latched.current?.explanation;
  const stillThere = findingAt(report, target) !== undefined;
  const expires = finding.expiresAt ? Date.parse(finding.expiresAt) : undefined;
  return (
    <article class="finding" aria-labelledby="finding-title">
      {back}
      <header class="finding-head">
        <StatusBadge status={stillThere ? finding.severity : 'ok'} />
        <h1 id="finding-title" tabIndex={-1}>
          {finding.title}
        </h1>
        <p class="where">
          {target.context ? `Context ${target.context}` : 'Whole kubeconfig'}
          {finding.expiresAt && expires !== undefined && (
            <>
              {' · '}
              {expires > now && 'expires '}
              <When iso={finding.expiresAt} now={now} expiry />
            </>
          )}
        </p>
      </header>
      {!stillThere && <FixedBanner report={report} target={target} navigate={navigate} />}
      <p class="detail">{finding.detail}</p>
      {/* The thing to do first; why and the raw facts after it. */}
      <Wizard api={api} target={target} finding={finding} />
      {explanation && (
        <aside class="explanation" aria-label="Why this happens">
          <h2>Why this happens</h2>
          <p>{explanation}</p>
        </aside>
      )}
      <details class="technical">
        <summary>Technical details</summary>
        <p class="muted">
          Rule <code>{finding.rule}</code>
        </p>
        <EvidenceTable evidence={finding.evidence} now={now} />
      </details>
    </article>
  );
}
