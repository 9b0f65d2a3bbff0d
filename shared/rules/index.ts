/**
 * The rule catalogue (RULES.md), one file per rule id. Order here is the order
 * findings are reported in within a context.
 */
import kubeconfigUnreadable from './kubeconfig-unreadable';
import kubeconfigInvalid from './kubeconfig-invalid';
import kubeconfigPermissions from './kubeconfig-permissions';
import contextMissing from './context-missing';
import contextDangling from './context-dangling';
import clusterServerMissing from './cluster-server-missing';
import fileReferenceMissing from './file-reference-missing';
import credentialsMissing from './credentials-missing';
import credentialsConflict from './credentials-conflict';
import credentialShadowed from './credential-shadowed';
import authProviderRemoved from './auth-provider-removed';
import basicAuthRemoved from './basic-auth-removed';
import clientCertExpired from './client-cert-expired';
import clientCertExpiring from './client-cert-expiring';
import clientCertNotYetValid from './client-cert-not-yet-valid';
import clientCertInvalid from './client-cert-invalid';
import clientCertKeyMismatch from './client-cert-key-mismatch';
import clientCertUntrustedIssuer from './client-cert-untrusted-issuer';
import clientCertSystemMasters from './client-cert-system-masters';
import clusterCaInvalid from './cluster-ca-invalid';
import clusterCaExpired from './cluster-ca-expired';
import insecureSkipTlsVerify from './insecure-skip-tls-verify';
import tokenExpired from './token-expired';
import tokenExpiring from './token-expiring';
import tokenNotYetValid from './token-not-yet-valid';
import tokenInvalid from './token-invalid';
import tokenOpaque from './token-opaque';
import tokenLegacyServiceaccount from './token-legacy-serviceaccount';
import oidcTokenExpired from './oidc-token-expired';
import execPluginMissing from './exec-plugin-missing';
import execApiVersionUnsupported from './exec-api-version-unsupported';
import execConfigInvalid from './exec-config-invalid';
import execInteractiveOnly from './exec-interactive-only';
import execPluginUntrusted from './exec-plugin-untrusted';
import execPluginFailed from './exec-plugin-failed';
import execPluginInvalidOutput from './exec-plugin-invalid-output';
import execCredentialExpired from './exec-credential-expired';
import execCredentialExpiring from './exec-credential-expiring';
import serverUnauthorized from './server-unauthorized';
import serverForbidden from './server-forbidden';
import serverTlsUntrusted from './server-tls-untrusted';
import serverCertExpired from './server-cert-expired';
import serverUnreachable from './server-unreachable';
import clockSkew from './clock-skew';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  kubeconfigUnreadable,
  kubeconfigInvalid,
  kubeconfigPermissions,
  contextMissing,
  contextDangling,
  clusterServerMissing,
  fileReferenceMissing,
  credentialsMissing,
  credentialsConflict,
  credentialShadowed,
  authProviderRemoved,
  basicAuthRemoved,
  clientCertExpired,
  clientCertExpiring,
  clientCertNotYetValid,
  clientCertInvalid,
  clientCertKeyMismatch,
  clientCertUntrustedIssuer,
  clientCertSystemMasters,
  clusterCaInvalid,
  clusterCaExpired,
  insecureSkipTlsVerify,
  tokenExpired,
  tokenExpiring,
  tokenNotYetValid,
  tokenInvalid,
  tokenOpaque,
  tokenLegacyServiceaccount,
  oidcTokenExpired,
  execPluginMissing,
  execApiVersionUnsupported,
  execConfigInvalid,
  execInteractiveOnly,
  execPluginUntrusted,
  execPluginFailed,
  execPluginInvalidOutput,
  execCredentialExpired,
  execCredentialExpiring,
  serverUnauthorized,
  serverForbidden,
  serverTlsUntrusted,
  serverCertExpired,
  serverUnreachable,
  clockSkew,
];
