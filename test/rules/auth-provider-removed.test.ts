import { describe, expect, it } from 'vitest';
import authProviderRemoved from '../../shared/rules/auth-provider-removed';
import { testRule } from '../support/rule-tester';
import { ENV, runRule } from '../support/rules';
import { OIDC, subject, TOKEN } from '../support/subjects/credentials';

const GCP = `    auth-provider:
      name: gcp
      config: {access-token: ${TOKEN}, cmd-path: /usr/lib/google-cloud-sdk/bin/gcloud, expiry: "2026-06-01T12:00:00Z"}`;
const AZURE = `    auth-provider:\n      name: azure\n      config: {access-token: ${TOKEN}, tenant-id: t, apiserver-id: a, client-id: c}`;

testRule(authProviderRemoved, {
  valid: [
    { name: 'oidc', subject: () => subject(OIDC) },
    { name: 'no auth-provider', subject: () => subject(`    token: ${TOKEN}`) },
  ],
  invalid: [
    {
      name: 'fires for gcp with the plugin install and get-credentials, without the access token',
      subject: () => subject(GCP, 'gke_acme_europe-west4_shop'),
      findings: [
        {
          detail: ['The gcp auth plugin has been removed.'],
          evidence: {
            context: 'gke_acme_europe-west4_shop',
            user: 'dev',
            authProvider: 'gcp',
            replacement: 'gke-gcloud-auth-plugin',
          },
          // Two paths: gcloud writes the entry again, or the user edits it (checked against kubectl 1.32).
          commands: [
            'gcloud components install gke-gcloud-auth-plugin',
            'gcloud container clusters get-credentials shop --location europe-west4 --project acme',
            'kubectl auth whoami --context gke_acme_europe-west4_shop',
            'gcloud components install gke-gcloud-auth-plugin',
            'kubectl config --kubeconfig /home/u/.kube/config set-credentials dev --exec-api-version=client.authentication.k8s.io/v1beta1 ' +
              '--exec-command=gke-gcloud-auth-plugin --exec-provide-cluster-info=true --exec-interactive-mode=IfAvailable ' +
              '&& kubectl config --kubeconfig /home/u/.kube/config unset users.dev.auth-provider',
            'kubectl auth whoami --context gke_acme_europe-west4_shop',
          ],
        },
      ],
      secrets: [TOKEN],
    },
    {
      name: 'fires for azure with kubelogin convert-kubeconfig for this context',
      subject: () => subject(AZURE),
      env: { ...ENV, platform: 'darwin' },
      findings: [
        {
          commands: [
            'az aks install-cli',
            'kubelogin convert-kubeconfig -l azurecli --context dev',
            'kubectl auth whoami --context dev',
            'az aks install-cli',
            'az aks get-credentials --resource-group <RESOURCE_GROUP> --name dev --overwrite-existing ' +
              '&& kubelogin convert-kubeconfig -l azurecli --context dev',
            'kubectl auth whoami --context dev',
          ],
        },
      ],
      secrets: [TOKEN],
    },
  ],
});

describe('auth-provider-removed', () => {
  it("offers the platform's two usual installs as a choice within one step, never as two steps", () => {
    const installs = (yaml: string, platform: 'linux' | 'darwin' | 'win32', context?: string) =>
      runRule(authProviderRemoved, subject(yaml, context), { ...ENV, platform })[0]?.paths?.map((p) => [
        p.steps[0]?.title,
        p.steps[0]?.choice?.options.map((o) => `${o.value}: ${o.command ?? ''}`),
      ]);
    const gke = [
      'Install gke-gcloud-auth-plugin',
      [
        "Google's installer: gcloud components install gke-gcloud-auth-plugin",
        'apt: sudo apt-get install google-cloud-cli-gke-gcloud-auth-plugin',
      ],
    ];
    expect(installs(GCP, 'linux', 'gke_acme_europe-west4_shop')).toEqual([gke, gke]);
    expect(installs(GCP, 'darwin', 'gke_acme_europe-west4_shop')?.[0]).toEqual([
      'Install gke-gcloud-auth-plugin with the gcloud CLI',
      undefined,
    ]);
    const kubelogin = [
      'Install kubelogin',
      ['the Azure CLI: az aks install-cli', 'Homebrew: brew install Azure/kubelogin/kubelogin'],
    ];
    expect(installs(AZURE, 'darwin')).toEqual([kubelogin, kubelogin]);
    expect(installs(AZURE, 'win32')?.[0]).toEqual(['Install kubelogin with the Azure CLI', undefined]);
  });
});
