import { describe, expect, it } from 'vitest';
import credentialsMissing from '../../shared/rules/credentials-missing';
import { testRule } from '../support/rule-tester';
import { commandsOf, runRule, subjectOf } from '../support/rules';
import { AWS_EXEC, config, HOME, KEY_DATA, OIDC, PASSWORD, run, subject, TOKEN } from '../support/subjects/credentials';

testRule(credentialsMissing, {
  valid: [
    ...[`    token: ${TOKEN}`, AWS_EXEC, OIDC, `    username: a\n    password: ${PASSWORD}`].map((body) => ({
      name: `a user with ${body.trim().split(/[:\n]/)[0]}`,
      subject: () => subject(body),
    })),
    {
      name: 'an undefined user (context-dangling)',
      subject: () => subjectOf({ sources: { [HOME]: config('    {}').replace('user: dev}', 'user: ghost}') } }),
    },
  ],
  invalid: [
    {
      name: 'fires for an empty user entry',
      subject: () => subject('    {}'),
      findings: [{ detail: ['User dev (in /home/u/.kube/config) has no credential', 'Please enter Username'] }],
    },
  ],
});

describe('credentials-missing', () => {
  it('fires for a context without user', () => {
    const noUser = `apiVersion: v1
clusters: [{name: c, cluster: {server: "https://c"}}]
users: [{name: robot, user: {token: ${TOKEN}}}]
contexts: [{name: c, context: {cluster: c}}]
`;
    const anonymous = runRule(credentialsMissing, subjectOf({ sources: { [HOME]: noUser } }));
    expect(anonymous[0]?.detail).toContain('Context c names no user');
    // The user picks the way first: a user the kubeconfig defines, or the entry written again; each ends asking the server.
    expect(anonymous[0]?.fix).toEqual([]);
    expect(anonymous[0]?.paths?.map((p) => [p.id, p.steps.at(-1)?.command])).toEqual([
      ['choose-user', 'kubectl auth whoami --context c'],
      ['refetch', 'kubectl auth whoami --context c'],
    ]);
    expect(commandsOf(anonymous)).toContain(
      'kubectl config --kubeconfig /home/u/.kube/config set-context c --user=robot',
    );
    expect(JSON.stringify(anonymous)).not.toContain(TOKEN);
  });

  it('names half credentials kubectl never sends', () => {
    const [finding] = run(credentialsMissing, `    client-key-data: ${KEY_DATA}`);
    expect(finding?.evidence.ignored).toEqual(['client-key-data']);
    expect(finding?.detail).toContain('Its client-key-data alone is never sent');
    expect(JSON.stringify(finding)).not.toContain(KEY_DATA);
  });
});
