import { useState } from 'preact/hooks';
import type { FixStepResult, KubewardApi } from '../../../shared/ipc';
import { Command } from '../components/Command';
import { errorMessage } from '../errors';

/** How each cloud writes a kubeconfig entry; the capitals are the user's to fill in. */
const GET_CREDENTIALS = [
  { cloud: 'Amazon EKS', command: 'aws eks update-kubeconfig --name CLUSTER --region REGION' },
  { cloud: 'Google GKE', command: 'gcloud container clusters get-credentials CLUSTER --location LOCATION' },
  { cloud: 'Azure AKS', command: 'az aks get-credentials --resource-group RESOURCE_GROUP --name CLUSTER' },
];

/** No kubeconfig at all: where kubectl looked, how to get one, or pick the one you have. */
export function EmptyKubeconfigScreen({ api, path }: { api: KubewardApi; path: string }) {
  const [result, setResult] = useState<FixStepResult>();
  const [choosing, setChoosing] = useState(false);

  async function choose() {
    setChoosing(true);
    try {
      setResult(await api.chooseKubeconfig());
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e) });
    } finally {
      setChoosing(false);
    }
  }

  return (
    <section class="empty-state" aria-labelledby="empty-heading">
      <h1 id="empty-heading" tabIndex={-1}>
        No kubeconfig found at {path}
      </h1>
      <p>
        kubectl reads your clusters and credentials from this file. Your cloud’s CLI writes it for you (replace the
        capitals):
      </p>
      <ul class="get-credentials">
        {GET_CREDENTIALS.map(({ cloud, command }) => (
          <li key={cloud}>
            <h2 class="cloud">{cloud}</h2>
            <Command command={command} />
          </li>
        ))}
      </ul>
      <p>Or use a kubeconfig you already have: Kubeward copies it to {path}.</p>
      <button type="button" class="button primary" disabled={choosing} onClick={() => void choose()}>
        Choose a file…
      </button>
      {result && (
        <p class={result.ok ? 'result' : 'result result-failed'} role="status">
          {result.message}
        </p>
      )}
    </section>
  );
}
