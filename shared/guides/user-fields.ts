/** Steps that remove credential fields from a user entry, by their kubeconfig names. */
import type { FixStep } from '../findings';
import type { Named, User } from '../kubeconfig/model';
import { shellArg } from './shell';
import { kubectlConfig } from './kubectl-config';

const FIELDS = {
  'client-certificate': (u: User) => u.clientCertificate,
  'client-certificate-data': (u: User) => u.clientCertificateData,
  'client-key': (u: User) => u.clientKey,
  'client-key-data': (u: User) => u.clientKeyData,
  token: (u: User) => u.token,
  tokenFile: (u: User) => u.tokenFile,
  username: (u: User) => u.username,
  password: (u: User) => u.password,
  'auth-provider': (u: User) => u.authProvider,
  exec: (u: User) => u.exec,
} as const;

export type UserField = keyof typeof FIELDS;

/** The fields of `fields` the user entry sets. */
export function presentFields(user: User, fields: readonly UserField[]): UserField[] {
  return fields.filter((f) => Boolean(FIELDS[f](user)));
}

/** `kubectl config unset users.NAME.FIELD` in the file that defines the user: the one-line way to drop a field. */
export function unsetUserField(user: Pick<Named<User>, 'name' | 'source'>, field: UserField): string {
  return kubectlConfig(user.source, `unset ${shellArg(`users.${user.name}.${field}`)}`);
}

/** One unset step per field the entry actually sets. */
export function unsetSteps(user: Named<User>, fields: readonly UserField[], why: string): FixStep[] {
  return presentFields(user.value, fields).map((field) => ({
    title: `Remove the ${field} of user ${user.name} (${why})`,
    command: unsetUserField(user, field),
  }));
}
