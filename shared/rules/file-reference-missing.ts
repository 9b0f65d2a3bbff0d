import { fileAt, type ContextSubject, type FileRead, type Snapshot } from '../facts';
import type { FixPath } from '../findings';
import type { Cluster, Named, User } from '../kubeconfig/model';
import { recheckStep } from '../guides/probe';
import { refetchPath } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { unsetUserField } from '../guides/user-fields';
import type { ContextRule, FindingDraft } from './types';

const ID = 'file-reference-missing';

type Field = 'certificate-authority' | 'client-certificate' | 'client-key' | 'tokenFile';

const MODEL_FIELD = {
  'certificate-authority': 'certificateAuthority',
  'client-certificate': 'clientCertificate',
  'client-key': 'clientKey',
  tokenFile: 'tokenFile',
} as const;

const LABEL: Record<Field, string> = {
  'certificate-authority': 'CA certificate file',
  'client-certificate': 'Client certificate file',
  'client-key': 'Client key file',
  tokenFile: 'Token file',
};

type PathFields = Partial<Record<(typeof MODEL_FIELD)[Field], string>>;

interface Reference {
  field: Field;
  entry: Named<Cluster> | Named<User>;
  kind: 'cluster' | 'user';
  /** Absolute, after resolving against the defining file. */
  path: string;
  /** A tokenFile with an inline token beside it: client-go falls back to the token when the file cannot be read. */
  fallback: boolean;
}

/** The path as the defining file wrote it (the merged model holds it resolved). */
function asWritten(snapshot: Snapshot, ref: Reference): string | undefined {
  const doc = snapshot.sources.find((s) => s.path === ref.entry.source)?.parse;
  if (!doc?.ok) return undefined;
  const entries: Named<PathFields>[] = ref.kind === 'cluster' ? doc.document.clusters : doc.document.users;
  return entries.find((e) => e.name === ref.entry.name)?.value[MODEL_FIELD[ref.field]];
}

/** The references kubectl opens: the CA always, key and cert only for cert auth, tokenFile always. */
function references(subject: ContextSubject): Reference[] {
  const refs: Reference[] = [];
  const { cluster, user } = subject;
  const ca = cluster?.value.certificateAuthority;
  if (cluster && ca)
    refs.push({ field: 'certificate-authority', entry: cluster, kind: 'cluster', path: ca, fallback: false });
  if (user) {
    const { clientCertificate, clientCertificateData, clientKey, tokenFile, token } = user.value;
    const ofUser = { entry: user, kind: 'user', fallback: false } as const;
    if (clientCertificate) refs.push({ ...ofUser, field: 'client-certificate', path: clientCertificate });
    if (clientKey && (clientCertificate || clientCertificateData))
      refs.push({ ...ofUser, field: 'client-key', path: clientKey });
    if (tokenFile) refs.push({ ...ofUser, field: 'tokenFile', path: tokenFile, fallback: Boolean(token) });
  }
  return refs;
}

/** kubectl opens the path as a file: a FIFO blocks the open, a device may never end; kubeward opens neither. */
function specialProblem(read: Extract<FileRead, { state: 'special' }>): string {
  if (read.pipe === 'no-writer') return 'is a named pipe (FIFO) that nothing writes to (kubectl blocks opening it)';
  if (read.pipe === 'stalled') return 'is a pipe whose writer did not finish (kubectl waits for it)';
  if (read.kind === 'socket') return 'is a socket, not a file (kubectl cannot open it)';
  return `is a ${read.kind}, not a file (kubectl reads it as one; kubeward does not open it)`;
}

function problem(read: FileRead): string | undefined {
  switch (read.state) {
    case 'missing':
      return 'does not exist';
    case 'directory':
      return 'is a directory';
    case 'unreadable':
      return `cannot be read (${read.reason})`;
    case 'special':
      return specialProblem(read);
    default:
      return undefined;
  }
}

/**
 * Put the file back (the entry is fine), or write the entry again; with an inline token beside a tokenFile,
 * also drop the tokenFile. Each way ends with asking the server.
 */
function paths(subject: ContextSubject, ref: Reference, special: boolean): FixPath[] {
  const recheck = recheckStep(subject);
  const restore: FixPath = {
    id: 'restore',
    title: 'Put the file back',
    summary: `The entry is right; the file at ${ref.path} is not there as a file.`,
    steps: [
      { title: `See what is at ${ref.path}`, command: `ls -l ${shellArg(ref.path)}` },
      {
        title: special
          ? `Replace ${ref.path} with a regular file holding the ${ref.field}`
          : `Put the ${ref.field} back at ${ref.path} (from a backup, or from where it was moved)`,
      },
      recheck,
    ],
  };
  const refetch = refetchPath(
    subject,
    'The provider or your admin writes the entry afresh, usually with the data embedded.',
  );
  if (!ref.fallback || special) return [restore, refetch];
  const inline: FixPath = {
    id: 'inline-token',
    title: 'Use the inline token',
    summary: `User ${ref.entry.name} also holds a token in the kubeconfig, which kubectl falls back to.`,
    steps: [
      {
        title: `Drop the tokenFile of user ${ref.entry.name}`,
        command: unsetUserField(ref.entry, 'tokenFile'),
      },
      recheck,
    ],
  };
  return [restore, refetch, inline];
}

/** The names client-go's validation gives the fields in its messages. */
const VALIDATION_NAME: Partial<Record<Field, string>> = {
  'certificate-authority': 'certificate-authority',
  'client-certificate': 'client-cert',
  'client-key': 'client-key',
};

/**
 * What kubectl prints (confirmed with kubectl 1.32): validation.go opens the CA, certificate and key
 * ("unable to read … due to open …"), which a directory passes, so that fails on the read; a tokenFile is
 * read by the transport, whose error is the bare Go one. Undefined where Go's wording is not known.
 */
function kubectlSays(read: FileRead, ref: Reference): string | undefined {
  if (read.state === 'directory') return `read ${ref.path}: is a directory`;
  const cause =
    read.state === 'missing'
      ? 'no such file or directory'
      : read.state === 'unreadable' && read.reason === 'permission denied'
        ? read.reason
        : undefined;
  if (!cause) return undefined;
  const open = `open ${ref.path}: ${cause}`;
  const field = VALIDATION_NAME[ref.field];
  return field ? `unable to read ${field} ${ref.path} for ${ref.entry.name} due to ${open}` : open;
}

const TITLE_END: Partial<Record<FileRead['state'], string>> = { missing: 'is missing', special: 'is not a file' };

function draft(subject: ContextSubject, ref: Reference): FindingDraft | undefined {
  const read = fileAt(subject.snapshot, ref.path);
  const what = problem(read);
  if (!what) return undefined;
  const written = asWritten(subject.snapshot, ref) ?? ref.path;
  const relative = written === ref.path ? '' : ` (written "${written}" in ${ref.entry.source})`;
  // A pipe or a device is no failed read that client-go falls back from: it is opened, and kubectl hangs or reads it.
  const special = read.state === 'special';
  const fallback = ref.fallback && !special;
  const says = kubectlSays(read, ref);
  const impact = fallback
    ? 'kubectl falls back to the inline token of the same user, so requests still carry a token, maybe a stale one'
    : special
      ? `kubectl never gets to send a request for context ${subject.name}`
      : `kubectl refuses context ${subject.name} before sending any request${says ? ` ("error: ${says}")` : ''}`;
  return {
    ...(fallback ? { severity: 'warning' as const } : {}),
    title: `${LABEL[ref.field]} ${TITLE_END[read.state] ?? 'cannot be read'}`,
    detail: `The ${ref.field} of ${ref.kind} ${ref.entry.name}, ${ref.path}${relative}, ${what}: ${impact}.`,
    evidence: {
      context: subject.name,
      [ref.kind]: ref.entry.name,
      field: ref.field,
      path: ref.path,
      written,
      state: read.state,
    },
    fix: [],
    paths: paths(subject, ref, special),
  };
}

export default {
  meta: {
    id: ID,
    title: 'Referenced file is missing',
    severity: 'error',
    needs: 'offline',
    description:
      'client-certificate, client-key, certificate-authority or tokenFile names a file that cannot be read, or a pipe or device rather than a file.',
    explanation:
      'Instead of embedding data, a kubeconfig can name files: certificate-authority, client-certificate, ' +
      'client-key and tokenFile. kubectl reads them on every command, with relative paths resolved against ' +
      'the kubeconfig file that names them, so a file that was moved or deleted breaks the context although' +
      ' the kubeconfig itself did not change.',
    remedy:
      'Restore the file at the path the kubeconfig names, or re-fetch the credentials so that they are ' +
      'embedded. When a tokenFile is missing and the same user also has an inline token, dropping tokenFile' +
      ' is another way out. For an EKS cluster whose name and region the kubeconfig holds, kubeward can run' +
      ' aws eks update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    return references(subject)
      .map((ref) => draft(subject, ref))
      .filter((d) => d !== undefined);
  },
} satisfies ContextRule;
