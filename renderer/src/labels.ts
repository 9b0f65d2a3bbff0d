import type { CredentialKind, Status } from '../../shared/findings';

export const CREDENTIAL_LABEL: Record<CredentialKind, string> = {
  'client-certificate': 'Client certificate',
  token: 'Bearer token',
  exec: 'Exec plugin',
  oidc: 'OIDC token',
  'auth-provider': 'Auth provider',
  basic: 'Username and password',
  none: 'No credential',
};

/** A context's status in words: "Not checked" and "Not running" are neutral, and never "OK". */
const STATUS_LABEL: Record<Status, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
  ok: 'OK',
  'not-checked': 'Not checked',
  'not-running': 'Not running',
};

const STATUS_PLURAL: Record<Status, string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Info',
  ok: 'OK',
  'not-checked': 'Not checked',
  'not-running': 'Not running',
};

export function statusLabel(status: Status): string {
  return STATUS_LABEL[status];
}

/** A filter chip's label: "Errors", "Warnings", "Not checked". */
export function statusPlural(status: Status): string {
  return STATUS_PLURAL[status];
}
