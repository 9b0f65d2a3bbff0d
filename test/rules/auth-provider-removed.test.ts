import authProviderRemoved from '../../shared/rules/auth-provider-removed';
import { testRule } from '../support/rule-tester';
import { ENV } from '../support/rules';
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
            'sudo apt-get install google-cloud-cli-gke-gcloud-auth-plugin',
            'gcloud container clusters get-credentials shop --location europe-west4 --project acme',
            'kubectl auth whoami --context gke_acme_europe-west4_shop',
            'gcloud components install gke-gcloud-auth-plugin',
            'sudo apt-get install google-cloud-cli-gke-gcloud-auth-plugin',
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
            'brew install Azure/kubelogin/kubelogin',
            'kubelogin convert-kubeconfig -l azurecli --context dev',
            'kubectl auth whoami --context dev',
            'az aks install-cli',
            'brew install Azure/kubelogin/kubelogin',
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
