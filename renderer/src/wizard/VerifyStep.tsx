import type { VerifyState } from './state-machine';

interface VerifyStepProps {
  number: number;
  verify: VerifyState;
  busy: boolean;
  onVerify: () => void;
  onRestart: () => void;
}

/** "the kubeconfig no longer has this problem" -> "The kubeconfig no longer has this problem." */
function sentence(text: string): string {
  return text && `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** The last step: a fresh check (rules and, where allowed, the probe) says whether the finding is gone. */
export function VerifyStep({ number, verify, busy, onVerify, onRestart }: VerifyStepProps) {
  return (
    <li class={`step step-verify verify-${verify.status}`} aria-labelledby="verify-title">
      <span class="step-marker" aria-hidden="true">
        {verify.status === 'fixed' ? '✓' : verify.status === 'still-wrong' ? '✕' : number}
      </span>
      <div class="step-body">
        <h3 id="verify-title" class="step-title">
          Check that it is fixed
        </h3>
        <div role="status" aria-live="polite">
          {verify.status === 'verifying' && (
            <p class="running">
              <progress aria-label="Checking again" /> Checking again…
            </p>
          )}
          {verify.status === 'fixed' && (
            <p class="verdict verdict-fixed">
              <strong>Fixed.</strong> {sentence(verify.message.replace(/^Fixed[:;]?\s*/, ''))}
            </p>
          )}
          {verify.status === 'still-wrong' && (
            <div class="verdict verdict-wrong">
              <p>
                <strong>Still wrong.</strong> {verify.message}
              </p>
              {verify.remaining.length > 0 && (
                <ul>
                  {verify.remaining.map((f) => (
                    <li key={f.title}>
                      {f.title}: {f.detail}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {verify.status === 'error' && <p class="result result-failed">The check could not run: {verify.message}</p>}
        </div>
        <div class="step-actions">
          {verify.status === 'still-wrong' && (
            <button type="button" class="button primary" onClick={onRestart}>
              Start over with what is still wrong
            </button>
          )}
          {verify.status !== 'still-wrong' && verify.status !== 'fixed' && (
            <button type="button" class="button primary" disabled={busy} onClick={onVerify}>
              Verify
            </button>
          )}
        </div>
      </div>
    </li>
  );
}
