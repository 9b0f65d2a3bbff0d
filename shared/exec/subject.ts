/** The exec plugin of a context's user and what running it gave, for the exec rules. */
import type { ContextSubject, ExecRun } from '../facts';
import type { ExecConfig, Named, User } from '../kubeconfig/model';

export interface ExecSubject {
  user: Named<User>;
  exec: ExecConfig;
  run: ExecRun;
}

/** Undefined when the user has no exec plugin or no run is known (offline checks). */
export function execSubject(subject: ContextSubject): ExecSubject | undefined {
  const user = subject.user;
  const exec = user?.value.exec;
  const run = user && subject.snapshot.execRuns?.get(user.name);
  return user && exec && run ? { user, exec, run } : undefined;
}
