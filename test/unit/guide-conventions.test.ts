/**
 * The guide conventions every rule test applies to its findings (test/support/guide-conventions.ts):
 * here, that the checks catch what they must and let through what kubectl allows.
 */
import { describe, expect, it } from 'vitest';
import type { FindingDraft } from '../../shared/rules/types';
import { guideProblems, kubectlInvocations, titleProblem } from '../support/guide-conventions';

function draft(fix: FindingDraft['fix'], paths?: FindingDraft['paths']): FindingDraft {
  return { detail: 'x', evidence: {}, fix, ...(paths ? { paths } : {}) };
}

describe('kubectl commands name their context or kubeconfig', () => {
  it('finds every kubectl in pipes, &&, and command substitutions', () => {
    expect(
      kubectlInvocations(
        'kubectl config set-credentials u --token=$(kubectl --context a create token sa -n ns) && kubectl get pods | head',
      ),
    ).toEqual([
      'kubectl config set-credentials u --token=',
      'kubectl --context a create token sa -n ns)',
      'kubectl get pods',
    ]);
  });

  it('flags a command that would act on whatever context is current', () => {
    for (const command of [
      'kubectl create token sa -n ns --duration=1h',
      'kubectl delete secret s -n ns',
      'kubectl auth whoami',
      'echo x | kubectl apply -f -',
      'kubectl config view --raw -o jsonpath={.users[0].user.token}',
      'kubectl config view --raw -o jsonpath=\'{.users[?(@.name=="u")].user.token}\'',
      'kubectl config view --minify',
    ]) {
      expect(guideProblems(draft([{ title: 't', command }])), command).toHaveLength(1);
    }
  });

  it('accepts --context and --kubeconfig in either spelling, and the justified exceptions', () => {
    for (const command of [
      'kubectl --context prod auth whoami',
      'kubectl auth whoami --context=prod',
      'kubectl --kubeconfig /k config set-credentials u --token=x',
      'kubectl config --kubeconfig /k set-credentials u --client-key=k.key',
      'kubectl config --kubeconfig=/k unset users.u.token',
      'kubectl config delete-context prod --kubeconfig /k',
      'kubectl config use-context prod',
      'kubectl config view --minify --context prod',
      'kubectl config --kubeconfig /k view --raw -o jsonpath=\'{.users[?(@.name=="u")].user.token}\'',
      'kubectl oidc-login get-token --oidc-issuer-url=https://idp --oidc-client-id=c',
      'kubectl krew install oidc-login',
    ]) {
      expect(guideProblems(draft([{ title: 't', command }])), command).toEqual([]);
    }
  });

  it('flags a config edit without --kubeconfig: another KUBECONFIG would get a new entry', () => {
    for (const command of [
      'kubectl config set-credentials u --client-key=k.key',
      'kubectl config set-cluster c --server=https://x',
      'kubectl config set-context prod --cluster=c',
      'kubectl config unset users.u.token',
      'kubectl config delete-context prod',
      'kubectl --context prod config set-credentials u --token=x',
    ]) {
      expect(guideProblems(draft([{ title: 't', command }])), command).toEqual([
        `"${command}" (step "t") edits the kubeconfig without --kubeconfig`,
      ]);
    }
  });

  it('checks every option of a choice, and the steps of every path', () => {
    const choice = { label: 'User', options: [{ value: 'a', command: 'kubectl get pods' }] };
    expect(guideProblems(draft([{ title: 't', choice }]))).toHaveLength(1);
    const path = { id: 'p', title: 'P', summary: 's', steps: [{ title: 't', command: 'kubectl get ns' }] };
    expect(guideProblems(draft([], [path]))).toHaveLength(1);
  });
});

describe('step titles and paths', () => {
  it('flags doubled colons, and keeps the colons of addresses and ARNs', () => {
    expect(titleProblem('Install:: brew install x')).toBeDefined();
    expect(titleProblem('Install: : brew install x')).toBeDefined();
    expect(titleProblem('Ends with a doubled colon::')).toBeDefined();
    expect(titleProblem('Start what serves [::1]:8443')).toBeUndefined();
    expect(titleProblem('Use the role: arn:aws:iam::123456789012:role/Developer')).toBeUndefined();
  });

  it('flags a path of more than 4 steps, or none, and a guide without paths of more than 4', () => {
    const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `step ${i}` }));
    const path = (n: number) => ({ id: 'p', title: 'P', summary: 's', steps: steps(n) });
    expect(guideProblems(draft([], [path(4)]))).toEqual([]);
    expect(guideProblems(draft([], [path(5)]))).toEqual(['path p has 5 steps (1-4 expected)']);
    expect(guideProblems(draft([], [path(0)]))).toEqual(['path p has 0 steps (1-4 expected)']);
    expect(guideProblems(draft(steps(4)))).toEqual([]);
    expect(guideProblems(draft(steps(5)))).toEqual(['the guide has 5 steps (1-4 expected): split it into paths']);
  });

  it('flags an alternative written as a step ("Or …"): it is a path, or a choice within the step', () => {
    const or = { title: 'Or delete context stale', command: 'kubectl config --kubeconfig /k delete-context stale' };
    const problem = 'step "Or delete context stale" is an alternative: make it a path, or a choice within its step';
    expect(guideProblems(draft([{ title: 'Point context stale at prod' }, or]))).toEqual([problem]);
    expect(guideProblems(draft([], [{ id: 'p', title: 'P', summary: 's', steps: [or] }]))).toEqual([problem]);
    const otherwise = { title: 'Otherwise store access keys', command: 'aws configure' };
    expect(guideProblems(draft([otherwise]))).toEqual([
      'step "Otherwise store access keys" is an alternative: make it a path, or a choice within its step',
    ]);
    // "or" inside a title is prose, not a second way.
    expect(guideProblems(draft([{ title: 'Reinstall or update kubelogin' }]))).toEqual([]);
    expect(guideProblems(draft([{ title: 'Order a new certificate' }]))).toEqual([]);
  });
});
