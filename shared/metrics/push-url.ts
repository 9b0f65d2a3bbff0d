/** The Pushgateway URL of `kubeward check --push` and the desktop setting, checked the same way by both. */

/** Why a Pushgateway URL cannot be used, or undefined when it can: http(s), a host, no query or fragment. */
export function pushUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL (e.g. http://pushgateway.example:9091)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http:// and https:// URLs';
  if (url.search || url.hash) return 'no query or fragment: the gateway path is /metrics/job/...';
  return undefined;
}

/** The Pushgateway job kubeward pushes under unless told another (`--push-job`). */
export const DEFAULT_PUSH_JOB = 'kubeward';
