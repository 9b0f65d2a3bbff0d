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

export const STATUS_PLURAL: Record<Status, string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Info',
  ok: 'OK',
};
