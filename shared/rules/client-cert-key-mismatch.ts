import { clientCertEvidence, clientLeaf } from '../credentials/client-cert';
import { describeSource } from '../credentials/material';
import { publicKeySha256 } from '../credentials/private-key';
import { certificatePublicKeySha256, keyKind } from '../credentials/x509';
import type { FixStep } from '../findings';
import type { Named, User } from '../kubeconfig/model';
import { renewClientCertGuide, withFirstPath } from '../guides/client-cert';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import type { ContextRule } from './types';

const ID = 'client-cert-key-mismatch';

function findKeySteps(user: Named<User>, certificateHash: string): FixStep[] {
  return [
    {
      title: `Check a candidate key file (replace <KEY_FILE>): it is the right key when this prints ${certificateHash}`,
      command: 'openssl pkey -in <KEY_FILE> -pubout -outform DER | openssl dgst -sha256',
    },
    {
      title: `Store the matching key in user ${user.name} (replace <KEY_FILE>)`,
      command: kubectlConfig(
        user.source,
        `set-credentials ${shellArg(user.name)} --client-key=<KEY_FILE> --embed-certs=true`,
      ),
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Client key does not match the certificate',
    severity: 'error',
    needs: 'offline',
    description:
      'The private key does not belong to the client certificate ("tls: private key does not match public key").',
    explanation:
      "TLS client authentication proves possession of the private key that belongs to the certificate's " +
      'public key. When the key belongs to another certificate, typically after only one of the two was ' +
      "replaced, Go's TLS library refuses the pair before connecting.",
    remedy:
      "Find the key that belongs to the certificate (the finding gives the SHA-256 of the certificate's " +
      'public key and a command to compare a candidate key file with it) and store it in the user entry, or' +
      ' get a new certificate and key.',
  },
  scope: 'context',
  check(subject) {
    const found = clientLeaf(subject);
    const key = found?.client.key;
    const match = found?.client.keyMatch;
    if (!found || !key?.decoded.ok || !match?.ok || match.value) return [];
    const { user, leaf, source } = found;
    const certificateKind = keyKind(leaf.publicKey);
    const privateKind = keyKind(key.decoded.value.public);
    // Go names a key of another type differently from a key of the same type that differs.
    const kubectl =
      certificateKind === privateKind
        ? 'tls: private key does not match public key'
        : 'tls: private key type does not match public key type';
    const certificateHash = certificatePublicKeySha256(leaf);
    const keyHash = publicKeySha256(key.decoded.value);
    return [
      {
        detail:
          `The client key of user ${user.name} (${describeSource(key.source)}) does not belong to its client ` +
          `certificate (${leaf.info.subject}; ${describeSource(source)}). The certificate's public key is ` +
          `${certificateKind}, SHA-256 ${certificateHash}; the key's is ${privateKind}` +
          `${keyHash ? `, SHA-256 ${keyHash}` : ''}. kubectl fails with "error: ${kubectl}" before sending any request.`,
        evidence: {
          ...clientCertEvidence(user.name, source, leaf.info),
          keyField: key.source.field,
          ...(key.source.path ? { keyPath: key.source.path } : {}),
          certificateKeyType: certificateKind,
          keyType: privateKind,
          certificatePublicKeySha256: certificateHash,
          ...(keyHash ? { keyPublicKeySha256: keyHash } : {}),
        },
        ...withFirstPath(
          {
            id: 'find-key',
            title: 'Find the matching key',
            summary: 'The right key may still be on this machine.',
            steps: findKeySteps(user, certificateHash),
          },
          renewClientCertGuide(subject, leaf.info, 'another-context', certificateKind),
        ),
      },
    ];
  },
} satisfies ContextRule;
