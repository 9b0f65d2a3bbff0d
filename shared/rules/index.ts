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
];
