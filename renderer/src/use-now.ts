import { useEffect, useState } from 'preact/hooks';

/** The current time, re-read every `everyMs` so "in 5 minutes" stays true while the window is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
