/**
 * Watches a set of files and cache directories for the monitor. It watches their
 * parent directories (depth 0) rather than the files: editors, kubectl and `aws eks
 * update-kubeconfig` replace a file by renaming a temp file over it, and a file
 * watch does not survive that, nor a delete and re-create. A directory that does
 * not exist yet is waited for from its nearest existing ancestor. Every relevant
 * event, after a quiet period (a burst of writes is one change), calls `onChange`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface WatchTargets {
  /** Files whose change matters (kubeconfigs, what they reference, session files). */
  files: readonly string[];
  /** Directories whose every entry matters (session caches). */
  dirs: readonly string[];
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  while (!(await isDirectory(current))) {
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

export class FileWatch {
  private readonly watcher: FSWatcher;
  private files = new Set<string>();
  private dirs = new Set<string>();
  private watched = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly debounceMs: number,
    onError: (error: unknown) => void,
  ) {
    this.watcher = watch([], {
      ignoreInitial: true,
      depth: 0,
      // Only the targets, their cache directories' entries and directories on the way to a missing target.
      ignored: (p) => !this.relevant(p),
    });
    this.watcher.on('all', () => this.changed());
    this.watcher.on('error', onError);
  }

  /** Watch exactly these targets from now on. */
  async update(targets: WatchTargets): Promise<void> {
    const files = new Set(targets.files.map((f) => path.resolve(f)));
    const dirs = new Set(targets.dirs.map((d) => path.resolve(d)));
    const wanted = [...files].map((f) => path.dirname(f)).concat([...dirs]);
    const watched = new Set(await Promise.all([...new Set(wanted)].map(nearestExisting)));
    if (this.closed) return;
    // Set the filter first: chokidar consults it while adding.
    this.files = files;
    this.dirs = dirs;
    const added = [...watched].filter((d) => !this.watched.has(d));
    const removed = [...this.watched].filter((d) => !watched.has(d));
    this.watched = watched;
    if (removed.length) this.watcher.unwatch(removed);
    if (added.length) this.watcher.add(added);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.watcher.close();
  }

  private relevant(p: string): boolean {
    if (this.watched.has(p) || this.files.has(p) || this.dirs.has(p) || this.dirs.has(path.dirname(p))) return true;
    // A directory on the way to a target that does not exist yet: its appearance matters.
    const prefix = p + path.sep;
    return [...this.files, ...this.dirs].some((target) => target.startsWith(prefix));
  }

  private changed(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }
}
