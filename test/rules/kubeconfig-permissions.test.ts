import kubeconfigPermissions from '../../shared/rules/kubeconfig-permissions';
import { testRule } from '../support/rule-tester';
import { ENV } from '../support/rules';
import { CONFIG, files, HOME } from '../support/subjects/kubeconfig';

const tooOpen: [mode: number, groupReadable: boolean, worldReadable: boolean][] = [
  [0o644, true, true],
  [0o640, true, false],
  [0o604, false, true],
];

testRule(kubeconfigPermissions, {
  valid: [
    ...[0o600, 0o400, 0o700, 0o620].map((mode) => ({
      name: `mode ${mode.toString(8)}`,
      subject: files({ sources: { [HOME]: CONFIG }, mode }),
    })),
    { name: 'file-type bits of st_mode', subject: files({ sources: { [HOME]: CONFIG }, mode: 0o100600 }) },
    {
      name: 'Windows',
      subject: files({ sources: { 'C:\\kube\\config': CONFIG }, mode: 0o666, platform: 'win32' }),
      env: { ...ENV, platform: 'win32' },
    },
  ],
  invalid: [
    ...tooOpen.map(([mode, groupReadable, worldReadable]) => ({
      name: `warns for mode ${mode.toString(8)}`,
      subject: files({ sources: { [HOME]: CONFIG }, mode }),
      findings: [
        {
          evidence: { path: HOME, mode: `0${mode.toString(8)}`, groupReadable, worldReadable },
          steps: [
            {
              title: `Make ${HOME} readable by you only`,
              command: `chmod 600 ${HOME}`,
              action: { kind: 'chmod' as const, path: HOME, mode: 0o600 },
            },
          ],
        },
      ],
    })),
    {
      name: 'ignores file-type bits of st_mode in the mode it shows',
      subject: files({ sources: { [HOME]: CONFIG }, mode: 0o100644 }),
      findings: [{ evidenceMatching: { mode: '0644' } }],
    },
  ],
});
