import { describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import { findingAt, type Finding, type FindingRef, type Report } from '../../shared/findings';
import { verificationOf } from '../../shared/fix-verification';
import type { FixStepResult } from '../../shared/ipc';
import {
  MAX_STEP_OUTPUT,
  createWizard,
  isBusy,
  wizardReducer,
  type WizardEvent,
  type WizardState,
} from '../../renderer/src/wizard/state-machine';
import { ENV } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { makeClientCerts } from '../support/subjects/client-cert';
import { toData } from '../fixtures/pki';

const CONFIG = '/home/u/.kube/config';

function check(current: string, contexts: string): Report {
  const text = `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod.example.test:6443"}}
users:
- {name: alice, user: {token: kw-canary-token-0123456789abcdef}}
contexts:
${contexts}
current-context: ${current}
`;
  return diagnose(snapshotFrom({ sources: { [CONFIG]: text } }), ENV);
}

/** context-dangling: two ways, point the context at a cluster (a command with a choice) or delete it. */
const DANGLING_REPORT = check(
  'prod',
  `- {name: prod, context: {cluster: prod, user: alice}}
- {name: stale, context: {cluster: gone, user: alice}}`,
);
const DANGLING: FindingRef = { context: 'stale', rule: 'context-dangling' };
/** context-missing: one step, use-context. */
const MISSING_REPORT = check('nope', '- {name: prod, context: {cluster: prod, user: alice}}');
const MISSING: FindingRef = { rule: 'context-missing' };

function finding(report: Report, ref: FindingRef): Finding {
  const found = findingAt(report, ref);
  if (!found) throw new Error(`no ${ref.rule} in the report`);
  return found;
}

function run(state: WizardState, ...events: WizardEvent[]): WizardState {
  return events.reduce(wizardReducer, state);
}

const wrote: FixStepResult = {
  ok: true,
  message: 'current-context is now prod in /home/u/.kube/config',
  undoId: 'undo-0123456789',
};

describe('findingAt', () => {
  it('finds a context finding by context and rule, and a config-wide one without a context', () => {
    expect(findingAt(DANGLING_REPORT, DANGLING)?.title).toBe('Context names an undefined cluster');
    expect(findingAt(MISSING_REPORT, MISSING)?.title).toBe('Current context does not exist');
    expect(findingAt(MISSING_REPORT, { context: 'prod', rule: 'context-missing' })).toBeUndefined();
    expect(findingAt(DANGLING_REPORT, { context: 'nowhere', rule: 'context-dangling' })).toBeUndefined();
  });
});

describe('wizardReducer', () => {
  const danglingStart = createWizard(DANGLING, finding(DANGLING_REPORT, DANGLING));
  /** Its delete way: step 0 deletes the context (kubeward runs it), step 1 is the user's own check. */
  const dangling = run(danglingStart, { type: 'choose-path', path: 'delete' });
  const missing = createWizard(MISSING, finding(MISSING_REPORT, MISSING));

  it('starts with every step of the chosen way pending and nothing verified or snoozed', () => {
    expect(danglingStart.paths.map((p) => p.id)).toEqual(['choose-cluster', 'delete']);
    expect(danglingStart.steps).toEqual([]);
    const repoint = run(danglingStart, { type: 'choose-path', path: 'choose-cluster' });
    expect(repoint.steps.map((s) => [s.status, s.action?.kind ?? 'manual'])).toEqual([
      ['pending', 'manual'],
      ['pending', 'manual'],
    ]);
    expect(repoint.steps[0]?.command).toBe(`kubectl config --kubeconfig ${CONFIG} set-context stale --cluster=prod`);
    expect(repoint.steps[0]?.option).toBe('prod');
    expect(dangling.steps.map((s) => [s.status, s.action?.kind ?? 'manual'])).toEqual([
      ['pending', 'delete-context'],
      ['pending', 'manual'],
    ]);
    expect(dangling.steps[1]?.command).toBe(`kubectl config --kubeconfig ${CONFIG} get-contexts`);
    expect(dangling.verify).toEqual({ status: 'idle' });
    expect(dangling.snooze).toEqual({ status: 'idle' });
    expect(isBusy(dangling)).toBe(false);
  });

  it('lets the user mark a manual step done or skip it, but never run it', () => {
    expect(wizardReducer(dangling, { type: 'confirm', step: 1 })).toBe(dangling);
    expect(run(dangling, { type: 'mark-done', step: 1 }).steps[1]?.status).toBe('done');
    const skipped = run(dangling, { type: 'skip', step: 1 });
    expect(skipped.steps[1]?.status).toBe('skipped');
    // Changing one's mind after a skip: done it after all.
    expect(run(skipped, { type: 'mark-done', step: 1 }).steps[1]?.status).toBe('done');
  });

  it('runs an action step through confirm, streams its output, and keeps the undo id on success', () => {
    const confirming = run(missing, { type: 'confirm', step: 0 });
    expect(confirming.steps[0]?.status).toBe('confirming');
    expect(isBusy(confirming)).toBe(true);
    const running = run(confirming, { type: 'run', step: 0 });
    expect(running.steps[0]?.status).toBe('running');
    const streamed = run(
      running,
      { type: 'output', output: { rule: 'context-missing', step: 0, chunk: 'Switched to ' } },
      { type: 'output', output: { rule: 'context-missing', step: 0, chunk: 'context "prod".\n' } },
    );
    expect(streamed.steps[0]?.output).toBe('Switched to context "prod".\n');
    const done = run(streamed, { type: 'result', step: 0, result: wrote });
    expect(done.steps[0]).toMatchObject({
      status: 'done',
      message: wrote.message,
      output: 'Switched to context "prod".\n',
      undo: { id: 'undo-0123456789', status: 'available' },
    });
    expect(isBusy(done)).toBe(false);
  });

  it('shows the result tail when nothing streamed, and a failure with its one-line message and no undo', () => {
    const failed = run(
      missing,
      { type: 'confirm', step: 0 },
      { type: 'run', step: 0 },
      { type: 'result', step: 0, result: { ok: false, message: 'kubeconfig changed since it was read', output: 'x' } },
    );
    expect(failed.steps[0]).toMatchObject({ status: 'failed', message: 'kubeconfig changed since it was read' });
    expect(failed.steps[0]?.output).toBe('x');
    expect(failed.steps[0]?.undo).toBeUndefined();
    // A failed step can be tried again; the old message goes when it runs.
    const again = run(failed, { type: 'confirm', step: 0 }, { type: 'run', step: 0 });
    expect(again.steps[0]).toMatchObject({ status: 'running', output: '' });
    expect(again.steps[0]?.message).toBeUndefined();
  });

  it('cancelling a confirmation runs nothing', () => {
    const cancelled = run(missing, { type: 'confirm', step: 0 }, { type: 'cancel', step: 0 });
    expect(cancelled.steps[0]?.status).toBe('pending');
    expect(wizardReducer(cancelled, { type: 'run', step: 0 })).toBe(cancelled);
  });

  it('ignores output for another finding, another step, or a step not running', () => {
    const running = run(missing, { type: 'confirm', step: 0 }, { type: 'run', step: 0 });
    const other = {
      type: 'output',
      output: { context: 'prod', rule: 'context-missing', step: 0, chunk: 'no' },
    } as const;
    expect(wizardReducer(running, other)).toBe(running);
    const wrongStep = { type: 'output', output: { rule: 'context-missing', step: 3, chunk: 'no' } } as const;
    expect(wizardReducer(running, wrongStep)).toBe(running);
    const idle = { type: 'output', output: { rule: 'context-missing', step: 0, chunk: 'late' } } as const;
    expect(wizardReducer(missing, idle)).toBe(missing);
  });

  it('keeps only the tail of a long output', () => {
    const running = run(missing, { type: 'confirm', step: 0 }, { type: 'run', step: 0 });
    const chunk = 'a'.repeat(MAX_STEP_OUTPUT - 1);
    const long = run(
      running,
      { type: 'output', output: { rule: 'context-missing', step: 0, chunk } },
      { type: 'output', output: { rule: 'context-missing', step: 0, chunk: 'bcd' } },
    );
    expect(long.steps[0]?.output).toHaveLength(MAX_STEP_OUTPUT);
    expect(long.steps[0]?.output.endsWith('abcd')).toBe(true);
  });

  it('undoes a write: the step returns to pending with the undo message, and can run again', () => {
    const done = run(
      missing,
      { type: 'confirm', step: 0 },
      { type: 'run', step: 0 },
      { type: 'result', step: 0, result: wrote },
    );
    const undoing = run(done, { type: 'undo', step: 0 });
    expect(undoing.steps[0]?.undo?.status).toBe('undoing');
    expect(isBusy(undoing)).toBe(true);
    expect(wizardReducer(undoing, { type: 'undo', step: 0 })).toBe(undoing);
    const undone = run(undoing, { type: 'undo-result', step: 0, result: { ok: true, message: 'restored the backup' } });
    expect(undone.steps[0]).toMatchObject({ status: 'pending', message: 'restored the backup', output: '' });
    expect(undone.steps[0]?.undo).toBeUndefined();
    expect(run(undone, { type: 'confirm', step: 0 }).steps[0]?.status).toBe('confirming');
  });

  it('keeps Undo on offer when it failed, with the reason', () => {
    const done = run(
      missing,
      { type: 'confirm', step: 0 },
      { type: 'run', step: 0 },
      { type: 'result', step: 0, result: wrote },
    );
    const failed = run(
      done,
      { type: 'undo', step: 0 },
      { type: 'undo-result', step: 0, result: { ok: false, message: 'the file changed since the fix' } },
    );
    expect(failed.steps[0]).toMatchObject({
      status: 'done',
      undo: { id: 'undo-0123456789', status: 'failed', message: 'the file changed since the fix' },
    });
    expect(run(failed, { type: 'undo', step: 0 }).steps[0]?.undo?.status).toBe('undoing');
  });

  it('refuses to start anything while a step runs or awaits confirmation', () => {
    const confirming = run(dangling, { type: 'confirm', step: 0 });
    const others = [{ type: 'mark-done', step: 1 }, { type: 'skip', step: 1 }, { type: 'verify' }] as const;
    for (const event of others) expect(wizardReducer(confirming, event)).toBe(confirming);
    // Nor choosing another way while a step awaits its answer.
    expect(wizardReducer(confirming, { type: 'change-path' })).toBe(confirming);
    const running = run(confirming, { type: 'run', step: 0 });
    expect(wizardReducer(running, { type: 'verify' })).toBe(running);
    expect(wizardReducer(running, { type: 'skip', step: 0 })).toBe(running);
    expect(wizardReducer(running, { type: 'cancel', step: 0 })).toBe(running);
  });

  it('ignores steps that do not exist and answers that arrive when nothing waits for them', () => {
    expect(wizardReducer(dangling, { type: 'confirm', step: 9 })).toBe(dangling);
    expect(wizardReducer(dangling, { type: 'result', step: 0, result: wrote })).toBe(dangling);
    expect(wizardReducer(dangling, { type: 'undo', step: 0 })).toBe(dangling);
    expect(wizardReducer(dangling, { type: 'undo-result', step: 0, result: wrote })).toBe(dangling);
    expect(wizardReducer(dangling, { type: 'verify-failed', message: 'x' })).toBe(dangling);
    expect(wizardReducer(dangling, { type: 'restart' })).toBe(dangling);
    expect(wizardReducer(dangling, { type: 'snoozed' })).toBe(dangling);
    const done = run(dangling, { type: 'mark-done', step: 1 });
    expect(wizardReducer(done, { type: 'skip', step: 1 })).toBe(done);
    expect(wizardReducer(done, { type: 'mark-done', step: 1 })).toBe(done);
  });

  it('verifies to fixed with the message of a real fresh check', () => {
    const after = check('prod', '- {name: prod, context: {cluster: prod, user: alice}}');
    const verifying = run(missing, { type: 'verify' });
    expect(verifying.verify.status).toBe('verifying');
    expect(isBusy(verifying)).toBe(true);
    expect(wizardReducer(verifying, { type: 'confirm', step: 0 })).toBe(verifying);
    const fixed = run(verifying, { type: 'verified', verification: verificationOf(after, MISSING) });
    expect(fixed.verify).toEqual({
      status: 'fixed',
      message: 'Fixed: the kubeconfig no longer has this problem',
      checkedAt: after.checkedAt,
    });
    expect(wizardReducer(fixed, { type: 'verified', verification: verificationOf(after, MISSING) })).toBe(fixed);
  });

  it('verifies to still-wrong with what remains, then restarts from the fresh finding', () => {
    const stillWrong = run(
      dangling,
      { type: 'mark-done', step: 1 },
      { type: 'verify' },
      { type: 'verified', verification: verificationOf(DANGLING_REPORT, DANGLING) },
    );
    expect(stillWrong.verify).toMatchObject({
      status: 'still-wrong',
      message: 'Not fixed yet for stale: Context names an undefined cluster',
    });
    expect(stillWrong.verify.status === 'still-wrong' && stillWrong.verify.remaining.map((f) => f.rule)).toEqual([
      'context-dangling',
    ]);
    const restarted = run(stillWrong, { type: 'restart' });
    expect(restarted.verify).toEqual({ status: 'idle' });
    // The restart keeps the way the user chose.
    expect(restarted.path).toBe('delete');
    expect(restarted.steps.map((s) => s.status)).toEqual(['pending', 'pending']);
    expect(restarted.steps[0]).not.toHaveProperty('message');
  });

  it('can verify again after the check could not run', () => {
    const failed = run(missing, { type: 'verify' }, { type: 'verify-failed', message: 'the bridge is gone' });
    expect(failed.verify).toEqual({ status: 'error', message: 'the bridge is gone' });
    expect(run(failed, { type: 'verify' }).verify.status).toBe('verifying');
  });

  it('forgets a verdict when a step changes after it (an Undo makes "fixed" stale)', () => {
    const after = check('prod', '- {name: prod, context: {cluster: prod, user: alice}}');
    const fixed = run(
      missing,
      { type: 'confirm', step: 0 },
      { type: 'run', step: 0 },
      { type: 'result', step: 0, result: wrote },
      { type: 'verify' },
      { type: 'verified', verification: verificationOf(after, MISSING) },
    );
    expect(fixed.verify.status).toBe('fixed');
    expect(run(fixed, { type: 'undo', step: 0 }).verify).toEqual({ status: 'idle' });
  });

  it('snoozes from any state, one request at a time, and reports a failure', () => {
    const running = run(missing, { type: 'confirm', step: 0 }, { type: 'run', step: 0 });
    const saving = run(running, { type: 'snooze', for: '1d' });
    expect(saving.snooze).toEqual({ status: 'saving', for: '1d' });
    expect(wizardReducer(saving, { type: 'snooze', for: '1h' })).toBe(saving);
    expect(run(saving, { type: 'snoozed' }).snooze).toEqual({ status: 'snoozed', for: '1d' });
    expect(run(saving, { type: 'snooze-failed', message: 'no such finding' }).snooze).toEqual({
      status: 'failed',
      for: '1d',
      message: 'no such finding',
    });
    // The step in flight is untouched by snoozing.
    expect(run(saving, { type: 'snoozed' }).steps[0]?.status).toBe('running');
  });
});

describe('wizardReducer: a guide with paths', () => {
  const certs = makeClientCerts();
  const user = (cert: { certPem: string; keyPem: string }) =>
    `{client-certificate-data: ${toData(cert.certPem)}, client-key-data: ${toData(cert.keyPem)}}`;
  const report = diagnose(
    snapshotFrom({
      sources: {
        [CONFIG]: `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod.example.test:6443"}}
users:
- {name: alice, user: ${user(certs.expired)}}
- {name: root, user: ${user(certs.valid)}}
contexts:
- {name: dev, context: {cluster: prod, user: alice}}
- {name: ops, context: {cluster: prod, user: root}}
- {name: admin, context: {cluster: prod, user: root}}
current-context: dev
`,
      },
    }),
    ENV,
  );
  const ref: FindingRef = { context: 'dev', rule: 'client-cert-expired' };
  const start = createWizard(ref, finding(report, ref));

  it('asks for the path first: no step shows until one is chosen', () => {
    expect(start.paths.map((p) => p.id)).toEqual(['via', 'kubeadm', 'admin']);
    expect(start.path).toBeUndefined();
    expect(start.steps).toEqual([]);
    const kubeadm = run(start, { type: 'choose-path', path: 'kubeadm' });
    expect(kubeadm.path).toBe('kubeadm');
    expect(kubeadm.steps.map((s) => s.title)).toEqual([
      'Issue a new kubeconfig for alice from the cluster CA (prod.example.test serves the API; if that is a load balancer, ssh to a control-plane node instead)',
      'Take its certificate and key out',
      'Store them in user alice',
    ]);
    // Unknown paths and a second choice change nothing; "Choose another way" goes back.
    expect(run(start, { type: 'choose-path', path: 'nope' })).toBe(start);
    expect(run(kubeadm, { type: 'choose-path', path: 'admin' })).toBe(kubeadm);
    const back = run(kubeadm, { type: 'mark-done', step: 0 }, { type: 'change-path' });
    expect(back.path).toBeUndefined();
    expect(back.steps).toEqual([]);
  });

  it('offers the contexts to the same cluster as a choice; the chosen one is what runs', () => {
    const via = run(start, { type: 'choose-path', path: 'via' });
    const [step] = via.steps;
    expect(step?.choice?.options.map((o) => o.value)).toEqual(['ops', 'admin']);
    expect(step?.option).toBe('ops');
    expect(step?.action).toEqual({ kind: 'renew-client-cert', context: 'dev', via: 'ops' });
    const chosen = run(via, { type: 'choose-option', step: 0, value: 'admin' });
    expect(chosen.steps[0]?.option).toBe('admin');
    expect(chosen.steps[0]?.action).toEqual({ kind: 'renew-client-cert', context: 'dev', via: 'admin' });
    expect(chosen.steps[0]?.command).toBe('kubeward fix client-cert-expired --context dev --path via --via admin');
    expect(run(via, { type: 'choose-option', step: 0, value: 'elsewhere' })).toBe(via);
    // While it runs, neither the choice nor the path can change; output of another path is not this one's.
    const running = run(chosen, { type: 'confirm', step: 0 }, { type: 'run', step: 0 });
    expect(run(running, { type: 'choose-option', step: 0, value: 'ops' })).toBe(running);
    expect(run(running, { type: 'change-path' })).toBe(running);
    const output = { ...ref, path: 'via', step: 0, option: 'admin', chunk: 'created CertificateSigningRequest x\n' };
    expect(run(running, { type: 'output', output }).steps[0]?.output).toBe('created CertificateSigningRequest x\n');
    expect(run(running, { type: 'output', output: { ...output, path: 'kubeadm' } })).toBe(running);
  });
});
