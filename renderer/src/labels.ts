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

const STATUS_LABEL: Partial<Record<string, string>> = { error: 'Error', warning: 'Warning', info: 'Info', ok: 'OK' };
const STATUS_PLURAL: Partial<Record<string, string>> = { error: 'Errors', warning: 'Warnings', info: 'Info', ok: 'OK' };

/** "not-checked" -> "Not checked": a status this build has no word for still reads as words. */
function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusLabel(status: Status): string {
  return STATUS_LABEL[status] ?? humanize(status);
}

/** A filter chip's label: "Errors", "Warnings", "Not checked". */
export function statusPlural(status: Status): string {
  return STATUS_PLURAL[status] ?? humanize(status);
}
