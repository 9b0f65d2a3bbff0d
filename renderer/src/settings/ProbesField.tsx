interface ProbesFieldProps {
  clusters: string[];
  probesOff: string[];
  onChange: (probesOff: string[]) => void;
}

/** Clusters the monitor may ask "who am I?" (a cluster behind a VPN the user is rarely on can be turned off). */
export function ProbesField({ clusters, probesOff, onChange }: ProbesFieldProps) {
  return (
    <fieldset class="field">
      <legend>Ask the API server (probe) for these clusters</legend>
      {clusters.length === 0 ? (
        <p class="muted">No clusters in the kubeconfig.</p>
      ) : (
        <ul class="checks">
          {clusters.map((cluster) => (
            <li key={cluster}>
              <label>
                <input
                  type="checkbox"
                  checked={!probesOff.includes(cluster)}
                  onChange={(e) =>
                    onChange(e.currentTarget.checked ? probesOff.filter((c) => c !== cluster) : [...probesOff, cluster])
                  }
                />{' '}
                {cluster}
              </label>
            </li>
          ))}
        </ul>
      )}
      <p class="hint">A probe tells an expired or revoked credential (401) from missing permissions (403).</p>
    </fieldset>
  );
}
