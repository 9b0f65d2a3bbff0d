/**
 * Every process a plugin (or fix command) started, found and killed even when it got away.
 *
 * A process group is not enough: `setsid` (or `spawn(..., { detached: true })`, or a daemon's
 * fork-setsid-fork) leaves the group, and once its parent exits the process is reparented to
 * init (or a subreaper), so no parent chain leads to it any more. Node has no `prctl` (no
 * PR_SET_CHILD_SUBREAPER) and no cgroup to put a plugin in, so the tree is tracked. A process
 * is a member when:
 *
 * - its parent is a member: the children of the members are sampled while the run is active
 *   (the parent is usually still alive then) and the whole process table read at kill time;
 * - it is in a process group or session a member created (a group or session id is the pid of
 *   its creator): the daemon of a double fork, once its short-lived parent was seen;
 * - on Linux, its environment carries this run's marker, which every descendant inherits
 *   unless it clears it (Jenkins finds a build's processes by BUILD_ID the same way): this
 *   catches a double fork quicker than any sampling can. Only processes started after the
 *   plugin are read.
 *
 * A member is known by pid and start time (Linux), so a pid reused by another process after the
 * member exited is not taken for it (`ps` gives no start time: there a pid is not reused that
 * soon, as pids are handed out in turn). Killing stops the members first (SIGSTOP: a stopped
 * process cannot fork), looks again until nothing new turns up, then SIGKILLs them all and
 * waits until they are gone.
 *
 * Linux reads /proc; macOS and the BSDs ask `ps` (pid, parent and group: no session, start time
 * or environment there). Windows: `taskkill /T /F` ends the tree it finds by parent pid from the
 * plugin, which misses what a process that already exited left behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** Session id; not from `ps`. */
  sid?: number;
  /** Start time in clock ticks since boot (Linux): tells a process from a later one with the same pid. */
  startTime?: number;
}

/** How often the tree is sampled while the plugin runs: on Linux a few reads, elsewhere a `ps` process each time. */
const SAMPLE_INTERVAL_MS = process.platform === 'linux' ? 100 : 500;
/** Stop-and-look rounds at kill time; each finds what the members forked before they were stopped. */
const MAX_STOP_ROUNDS = 10;
const PS_TIMEOUT_MS = 2_000;
const TASKKILL_TIMEOUT_MS = 5_000;
/** How long to wait for SIGKILLed processes to be gone (a signal is delivered asynchronously), and how often to look. */
const KILL_WAIT_MS = 1_000;
const KILL_POLL_MS = 20;

/** The environment variable every process of a run inherits (Linux); its value names the run. */
const MARKER_NAME = 'KUBEWARD_RUN_ID';

/** Fields of /proc/<pid>/stat counted from `state` (field 3). */
const STAT = { ppid: 1, pgrp: 2, session: 3, starttime: 19 } as const;

/** `/proc/<pid>/task/<tid>/children` (Linux 3.5+, CONFIG_PROC_CHILDREN): the children of a thread, cheaper than a scan. */
const HAS_CHILDREN_FILES = process.platform === 'linux' && existsSync(`/proc/self/task/${process.pid}/children`);

/** The fields of /proc/<pid>/stat from `state` on: `comm` may hold spaces and parentheses, so after the last ')'. */
const statFields = (text: string) => text.slice(text.lastIndexOf(')') + 2).split(' ');

/** The process, unless it is gone or a zombie (which runs nothing and needs no signal). */
async function readProcStat(pid: number): Promise<ProcessEntry | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const fields = text === undefined ? undefined : statFields(text);
  if (!fields || fields[0] === 'Z') return undefined;
  return {
    pid,
    ppid: Number(fields[STAT.ppid]),
    pgid: Number(fields[STAT.pgrp]),
    sid: Number(fields[STAT.session]),
    startTime: Number(fields[STAT.starttime]),
  };
}

/** The children of every thread of `pid` (a Go program forks from whichever thread it is on). */
async function readProcChildren(pid: number): Promise<number[]> {
  const tids = await readdir(`/proc/${pid}/task`).catch(() => []);
  const lists = await Promise.all(
    tids.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '')),
  );
  return lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
}

async function listLinuxProcesses(): Promise<ProcessEntry[]> {
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name)).map(Number);
  const entries = await Promise.all(pids.map(readProcStat));
  return entries.filter((entry) => entry !== undefined);
}

function listPsProcesses(): Promise<ProcessEntry[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { timeout: PS_TIMEOUT_MS }, (error, stdout) => {
      if (error) return resolve([]);
      const entries: ProcessEntry[] = [];
      for (const line of stdout.split('\n')) {
        const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
        if (pid && ppid !== undefined && pgid !== undefined) entries.push({ pid, ppid, pgid });
      }
      resolve(entries);
    });
  });
}

const listProcesses = process.platform === 'linux' ? listLinuxProcesses : listPsProcesses;

/** Whether the process runs (a zombie does not: it has exited and waits to be reaped). */
async function running(pid: number): Promise<boolean> {
  if (process.platform === 'linux') return (await readProcStat(pid)) !== undefined;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already (ESRCH).
  }
}

export class ProcessTree {
  /** The environment entry to give the plugin (Linux; elsewhere nothing reads it). */
  static readonly marker = (): Record<string, string> =>
    process.platform === 'linux' ? { [MARKER_NAME]: randomUUID() } : {};

  /** Members by pid, with their start time where known; kept after they exit, for the group and session rule. */
  private readonly members = new Map<number, number | undefined>();
  /** Processes (pid:start) already found not to carry the marker: an environment is read once. */
  private readonly unmarked = new Set<string>();
  private readonly rootPid: number;
  private rootStartTime: number | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    /** The plugin, spawned with a pid. */
    private readonly root: ChildProcess & { pid: number },
    /** What ProcessTree.marker() gave the plugin. */
    private readonly marker: Record<string, string>,
  ) {
    this.rootPid = root.pid;
    if (process.platform === 'linux') {
      // Read at once: the plugin cannot be reaped before this returns, so its stat is there even if it already exited.
      try {
        this.rootStartTime = Number(statFields(readFileSync(`/proc/${this.rootPid}/stat`, 'utf8'))[STAT.starttime]);
      } catch {
        // No /proc to read: the parent, group and session rules still apply, the marker rule does not.
      }
    }
    this.members.set(this.rootPid, this.rootStartTime);
  }

  /** Samples the tree now and every SAMPLE_INTERVAL_MS until kill(). */
  startSampling(): void {
    if (process.platform === 'win32') return;
    this.sample();
    this.sampler = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  /** Stops sampling and leaves the tree as it is (a login command's browser lives on). */
  async release(): Promise<void> {
    clearInterval(this.sampler);
    await this.sampling;
  }

  /** Kills every process of the tree that still runs; resolves once they are gone (or after KILL_WAIT_MS). */
  async kill(): Promise<void> {
    clearInterval(this.sampler);
    await this.sampling;
    if (process.platform === 'win32') return this.taskkill();
    const stopped = new Set<number>();
    let groupStopped = false;
    for (let round = 0; round < MAX_STOP_ROUNDS; round++) {
      const members = await this.scan();
      // The plugin's group in one signal, so what its members fork meanwhile stops too. Only while the group number
      // is still ours: the plugin not yet reaped, or a member in the group (an empty group's number may be reused).
      if (!groupStopped && (this.rootUnreaped() || members.some((entry) => entry.pgid === this.rootPid))) {
        signal(-this.rootPid, 'SIGSTOP');
        groupStopped = true;
      }
      const fresh = members.filter((entry) => !stopped.has(entry.pid));
      if (fresh.length === 0) break;
      for (const { pid } of fresh) {
        signal(pid, 'SIGSTOP');
        stopped.add(pid);
      }
    }
    // A stopped group cannot empty itself, so its number is still ours.
    if (groupStopped) signal(-this.rootPid, 'SIGKILL');
    for (const pid of stopped) signal(pid, 'SIGKILL');
    // When the run ends, its processes are gone, not merely signalled.
    for (const until = Date.now() + KILL_WAIT_MS; Date.now() < until;) {
      const left = await Promise.all([...stopped].map(running));
      if (!left.includes(true)) break;
      await new Promise((resume) => setTimeout(resume, KILL_POLL_MS));
    }
  }

  /** One sample at a time: on Linux the children of the members, elsewhere the process table. */
  private sample(): void {
    if (this.sampling) return;
    const look = HAS_CHILDREN_FILES ? this.addChildren() : this.scan();
    this.sampling = look
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.sampling = undefined;
      });
  }

  /** Adds the children of the running members, and theirs, from /proc/<pid>/task/<tid>/children. */
  private async addChildren(): Promise<void> {
    const queue = [...this.members.keys()];
    for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
      const parent = await readProcStat(pid);
      // Gone, or its pid already taken by a later process: no children of ours there.
      if (!parent || parent.startTime !== this.members.get(pid)) continue;
      for (const child of await readProcChildren(pid)) {
        if (this.members.has(child)) continue;
        const entry = await readProcStat(child);
        if (entry?.ppid !== pid) continue;
        this.members.set(child, entry.startTime);
        queue.push(child);
      }
    }
  }

  /** Reads the whole process table, adds the members it shows and returns those that run. */
  private async scan(): Promise<ProcessEntry[]> {
    const entries = await listProcesses();
    const byPid = new Map(entries.map((entry) => [entry.pid, entry]));
    for (const [pid, startTime] of this.members) {
      const now = byPid.get(pid);
      if (startTime !== undefined && now?.startTime !== undefined && now.startTime !== startTime) {
        this.members.delete(pid);
      }
    }
    const related = (entry: ProcessEntry) =>
      this.members.has(entry.ppid) ||
      this.members.has(entry.pgid) ||
      (entry.sid !== undefined && this.members.has(entry.sid));
    const others = entries.filter((entry) => !this.members.has(entry.pid));
    for (let grew = true; grew;) {
      grew = false;
      for (const entry of others) {
        if (this.members.has(entry.pid) || !related(entry)) continue;
        this.members.set(entry.pid, entry.startTime);
        grew = true;
      }
    }
    const marked = await Promise.all(
      others.filter((entry) => !this.members.has(entry.pid)).map((entry) => this.carriesMarker(entry)),
    );
    for (const entry of marked) if (entry) this.members.set(entry.pid, entry.startTime);
    return entries.filter((entry) => this.members.has(entry.pid));
  }

  /** The entry, when its environment holds this run's marker (read only for processes started after the plugin). */
  private async carriesMarker(entry: ProcessEntry): Promise<ProcessEntry | undefined> {
    const [name, value] = Object.entries(this.marker)[0] ?? [];
    if (name === undefined || this.rootStartTime === undefined || entry.startTime === undefined) return undefined;
    if (entry.startTime < this.rootStartTime) return undefined;
    const key = `${entry.pid}:${entry.startTime}`;
    if (this.unmarked.has(key)) return undefined;
    const environ = await readFile(`/proc/${entry.pid}/environ`, 'latin1').catch(() => '');
    if (`\0${environ}`.includes(`\0${name}=${value}\0`)) return entry;
    this.unmarked.add(key);
    return undefined;
  }

  /** Until Node reaps the plugin, its pid (and so its group id) cannot be another process's. */
  private rootUnreaped(): boolean {
    return this.root.exitCode === null && this.root.signalCode === null;
  }

  private taskkill(): Promise<void> {
    // Windows hands out a pid again as soon as no handle holds the process: once Node reaped the plugin, its pid
    // may be another program's, so `taskkill /T` runs only while the plugin does.
    if (!this.rootUnreaped()) return Promise.resolve();
    return new Promise((resolve) => {
      const args = ['/pid', String(this.rootPid), '/T', '/F'];
      const child = spawn('taskkill', args, { stdio: 'ignore', windowsHide: true, timeout: TASKKILL_TIMEOUT_MS });
      child.on('error', () => {
        this.root.kill('SIGKILL');
        resolve();
      });
      child.on('exit', () => resolve());
    });
  }
}
