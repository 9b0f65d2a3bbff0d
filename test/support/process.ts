/** Waiting on processes in tests: whether a pid still runs, and polling for a condition. */
import { existsSync, readFileSync } from 'node:fs';

/** A zombie (exited, not yet reaped by its parent) counts as gone: it runs nothing. */
export function alive(pid: number): boolean {
  if (process.platform === 'linux') {
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) return false;
    return !/^\d+ \(.*\) Z /.test(readFileSync(stat, 'utf8'));
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function eventually(check: () => boolean, withinMs = 3_000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
