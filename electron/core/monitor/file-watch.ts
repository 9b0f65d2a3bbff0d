/**
 * Watches a set of files and cache directories for the monitor. It watches their
 * parent directories (depth 0) rather than the files: editors, kubectl and `aws eks
 * update-kubeconfig` replace a file by renaming a temp file over it, and a file
 * watch does not survive that, nor a delete and re-create. A directory that does
 * not exist yet is waited for from its nearest existing ancestor. Every relevant
 * event, after a quiet period (a burst of writes is one change), calls `onChange`.
 *
 * Like an informer's list-then-watch: the caller marks, reads the files, then asks for
 * them to be watched, and a directory's watch is live only after chokidar has listed it
 * and attached. `update` resolves once every watched directory is live, and a change
 * since the mark in a directory whose watch was not live at the mark counts as a change.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type ChokidarOptions } from 'chokidar';

export interface WatchTargets {
  /** Files whose change matters (kubeconfigs, what they reference, session files). */
  files: readonly string[];
  /** Directories whose every entry matters (session caches). */
  dirs: readonly string[];
}

/** File times come from the kernel's coarse clock (a tick: up to 10 ms on Linux, 16 on Windows), a little behind Date.now(). */
const FILE_CLOCK_SLACK_MS = 50;
/** chokidar never reports ready for a directory whose listing fails unexpectedly; a check must not wait on it forever. */
const LIVE_TIMEOUT_MS = 10_000;

interface DirWatch {
  /** Resolves once the directory's watch is live (or the wait for it gave up). */
  live: Promise<void>;
  isLive(): boolean;
  close(): Promise<void>;
}

/** Where a read of the targets began: its time, and the directory watches that were live then. */
export interface ReadMark {
  /** epoch ms */
  readonly at: number;
  readonly live: ReadonlySet<DirWatch>;
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

/** When the path last changed (content, rename, mode); a path that cannot be read changed just now. */
async function changedAt(p: string): Promise<number> {
  try {
    const stats = await stat(p);
    return Math.max(stats.mtimeMs, stats.ctimeMs);
  } catch {
    return Infinity;
  }
}

function watchDir(dir: string, options: ChokidarOptions, onEvent: () => void, onError: (e: unknown) => void): DirWatch {
  const watcher = watch(dir, options);
  watcher.on('all', onEvent);
  watcher.on('error', onError);
  let isLive = false;
  let markLive!: () => void;
  const live = new Promise<void>((resolve) => {
    markLive = () => {
      isLive = true;
      resolve();
    };
  });
  const giveUp = setTimeout(markLive, LIVE_TIMEOUT_MS);
  // One watcher per directory: chokidar reports 'ready' once per watcher, not per added path.
  watcher.once('ready', () => {
    clearTimeout(giveUp);
    markLive();
  });
  return {
    live,
    isLive: () => isLive,
    close: async () => {
      clearTimeout(giveUp);
      markLive();
      await watcher.close();
    },
  };
}

export class FileWatch {
  private files = new Set<string>();
  private dirs = new Set<string>();
  private watched = new Set<string>();
  private readonly watches = new Map<string, DirWatch>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly debounceMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Call before reading the targets; pass the mark to the `update` that follows the read. */
  mark(): ReadMark {
    return { at: Date.now(), live: new Set([...this.watches.values()].filter((dirWatch) => dirWatch.isLive())) };
  }

  /**
   * Watch exactly these targets from now on; resolves once every watched directory is live.
   * With the mark of the read: a change since then, in a directory whose watch was not live
   * then, counts as a change.
   */
  async update(targets: WatchTargets, readMark?: ReadMark): Promise<void> {
    const files = new Set(targets.files.map((f) => path.resolve(f)));
    const dirs = new Set(targets.dirs.map((d) => path.resolve(d)));
    const wanted = [...files].map((f) => path.dirname(f)).concat([...dirs]);
    const watched = new Set(await Promise.all([...new Set(wanted)].map(nearestExisting)));
    if (this.closed) return;
    // Set the filter first: chokidar consults it while adding.
    this.files = files;
    this.dirs = dirs;
    this.watched = watched;
    const removed: DirWatch[] = [];
    for (const [dir, dirWatch] of this.watches) {
      if (watched.has(dir)) continue;
      this.watches.delete(dir);
      removed.push(dirWatch);
    }
    for (const dir of watched) if (!this.watches.has(dir)) this.watches.set(dir, this.watchDir(dir));
    await Promise.all(removed.map((dirWatch) => dirWatch.close()));
    await Promise.all([...this.watches.values()].map((dirWatch) => dirWatch.live));
    if (!readMark || this.closed) return;
    const late = [...this.watches].filter(([, dirWatch]) => !readMark.live.has(dirWatch)).map(([dir]) => dir);
    if (late.length && (await this.changedSince(late, readMark.at))) this.changed();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const watches = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(watches.map((dirWatch) => dirWatch.close()));
  }

  private watchDir(dir: string): DirWatch {
    const options: ChokidarOptions = {
      ignoreInitial: true,
      depth: 0,
      // Only the targets, their cache directories' entries and directories on the way to a missing target.
      ignored: (p) => !this.relevant(p),
    };
    return watchDir(dir, options, () => this.changed(), this.onError);
  }

  private relevant(p: string): boolean {
    if (this.watched.has(p) || this.files.has(p) || this.dirs.has(p) || this.dirs.has(path.dirname(p))) return true;
    // A directory on the way to a target that does not exist yet: its appearance matters.
    const prefix = p + path.sep;
    return [...this.files, ...this.dirs].some((target) => target.startsWith(prefix));
  }

  /** Whether these directories, or their relevant entries, changed at or after `since`. */
  private async changedSince(dirs: readonly string[], since: number): Promise<boolean> {
    // A directory's own time covers entries created, deleted or renamed over; an entry's, a rewrite in place.
    const paths = await Promise.all(
      dirs.map(async (dir) => {
        const names = await readdir(dir).catch(() => []);
        return [dir, ...names.map((name) => path.join(dir, name)).filter((p) => this.relevant(p))];
      }),
    );
    const times = await Promise.all(paths.flat().map(changedAt));
    return times.some((at) => at >= since - FILE_CLOCK_SLACK_MS);
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
