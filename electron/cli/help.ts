/**
 * The usage texts (docs/cli.md): `kubeward --help` lists the commands, `kubeward help COMMAND` and
 * `kubeward COMMAND --help` print that command's own. In one module so `help fix` does not load
 * the fix engine.
 */
import path from 'node:path';
import { DEFAULT_SCHEDULE, DEFAULT_TIMEOUT_MS } from '../../shared/defaults';
import { DEFAULT_PUSH_JOB } from '../../shared/metrics/push-url';

const TIMEOUT = `--timeout SECONDS    bound for each exec plugin run and each probe (default ${DEFAULT_TIMEOUT_MS / 1000})`;

const CHECK_HELP = `Usage: kubeward check [flags]

Diagnoses the kubeconfig the way kubectl would load it: every context, or one. Runs exec
plugins and probes each API server unless --offline.

Flags:
  --kubeconfig PATHS   kubeconfig file(s), joined by '${path.delimiter}' (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME       check this context only
  --current            check the current context only
  --offline            no exec plugins, no network: only what the files say
  --at TIME            evaluate as if the time were TIME (ISO 8601), and say so first
  ${TIMEOUT}
  --output FORMAT      text | json | openmetrics (the metrics, for node_exporter's textfile collector)
  --json               short for --output json
  --push URL           also push the check's metrics to a Prometheus Pushgateway (a failed push: exit 2)
  --push-job NAME      the Pushgateway job (default ${DEFAULT_PUSH_JOB}); the instance is <user>@<host>
  --fail-on LEVEL      error | warning: lowest severity that makes the exit code 1 (default error)
  --debug              print stack traces of internal errors
  --help, -h           this text

Exit codes: 0 nothing at or above --fail-on, 1 at least one such finding, 2 the command could not run.
`;

const WATCH_HELP = `Usage: kubeward watch [flags]

Keeps checking, on file changes and on a schedule, and prints each alert the desktop app
would notify, a line per check, and one line when it starts. Runs until SIGINT/SIGTERM, then exits 0.

Flags:
  --kubeconfig PATHS   kubeconfig file(s), joined by '${path.delimiter}' (default: $KUBECONFIG, else ~/.kube/config)
  --offline            no exec plugins, no network: only what the files say
  ${TIMEOUT}
  --schedule CRON      when to re-check besides file changes, node-cron syntax (default '${DEFAULT_SCHEDULE}')
  --state PATH         alert state file (default: the app's state file in the user's config dir)
  --json               JSON lines instead of text
  --metrics-listen HOST:PORT
                       serve /metrics (refreshed after each check) and /-/healthy for Prometheus;
                       PORT alone or :PORT listens on 127.0.0.1
  --debug              print stack traces of internal errors
  --help, -h           this text
`;

const FIX_HELP = `Usage: kubeward fix GUIDE [--context NAME] [--path PATH] [--via CONTEXT] [--yes]

Runs the steps of a finding's fix guide that kubeward can do itself (switch or delete a
context, chmod 600, a login, a new ServiceAccount token, a new client certificate), with a
backup of every file it writes, then checks again. GUIDE is the guide id a check prints (the
rule id, e.g. context-missing). A guide with alternatives (renew now, kubeadm, ask an admin)
lists its paths first; one path runs.

Flags:
  --context NAME       the context whose finding to fix (default: the findings not tied to a context)
  --path PATH          the path of a guide with alternatives (default: asked; with --yes, the first)
  --via CONTEXT        the context a step sends its request with (client-cert-expired: another
                       context to the same cluster); implies --path via
  --yes, -y            run the steps without asking (needed when stdin or stdout is not a terminal)
  --kubeconfig PATHS   kubeconfig file(s) (default: $KUBECONFIG, else ~/.kube/config)
  --offline            check without exec plugins and probes
  ${TIMEOUT}
  --debug              print stack traces of internal errors
  --help, -h           this text

Exit codes: 0 fixed (or nothing to fix), 1 not fixed, 2 the command could not run (also: steps
to run, but no terminal to ask and no --yes).
`;

const HELP_HELP = `Usage: kubeward help [COMMAND]

Prints the list of commands, or COMMAND's flags (the same as kubeward COMMAND --help).
`;

export const COMMAND_HELP = { check: CHECK_HELP, watch: WATCH_HELP, fix: FIX_HELP, help: HELP_HELP } as const;

export type CommandName = keyof typeof COMMAND_HELP;

export const COMMANDS = Object.keys(COMMAND_HELP) as CommandName[];

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_HELP, name);
}

export const USAGE = `Usage: kubeward <command> [flags]

Warns before kubectl starts failing with "You must be logged in to the server (Unauthorized)".

Commands:
  check            diagnose the kubeconfig the way kubectl would load it
  watch            keep checking on file changes and a schedule; print each alert the app would notify
  fix GUIDE        run a finding's safe fix steps, with backups; then check again
  help [COMMAND]   this text, or a command's flags

kubeward COMMAND --help (or kubeward help COMMAND) prints the flags of a command.
Other: kubeward --help, kubeward --version
`;
