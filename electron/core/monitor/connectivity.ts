/**
 * "The network came back": Electron's main process has no online event, only
 * `net.isOnline()`, so this asks it twice a minute (one unref'd timer, no work in
 * between) and calls `onBack` on each offline-to-online change.
 */
export const CONNECTIVITY_INTERVAL_MS = 30_000;

export function watchConnectivity(
  isOnline: () => boolean,
  onBack: () => void,
  intervalMs = CONNECTIVITY_INTERVAL_MS,
): () => void {
  let online = isOnline();
  const timer = setInterval(() => {
    const now = isOnline();
    if (now && !online) onBack();
    online = now;
  }, intervalMs);
  // A tray app quits when asked; this timer must not keep it alive.
  timer.unref();
  return () => clearInterval(timer);
}
