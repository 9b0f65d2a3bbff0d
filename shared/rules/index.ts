/**
 * The rule registry: one file per rule id, each holding its metadata, its documentation
 * texts (docs/rules/<id>.md is generated from them) and its logic.
 */
import kubeconfigUnreadable from './kubeconfig-unreadable';
import kubeconfigInvalid from './kubeconfig-invalid';
import kubeconfigPermissions from './kubeconfig-permissions';
import contextMissing from './context-missing';
import contextDangling from './context-dangling';
import clusterServerMissing from './cluster-server-missing';
import contextConfigInvalid from './context-config-invalid';
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
import tokenInvalidHeader from './token-invalid-header';
import tokenOpaque from './token-opaque';
import tokenLegacyServiceaccount from './token-legacy-serviceaccount';
import oidcTokenExpired from './oidc-token-expired';
import execPluginMissing from './exec-plugin-missing';
import execPluginGuiPath from './exec-plugin-gui-path';
import execApiVersionUnsupported from './exec-api-version-unsupported';
import execConfigInvalid from './exec-config-invalid';
import execInteractiveOnly from './exec-interactive-only';
import execPluginUntrusted from './exec-plugin-untrusted';
import execSignInRequired from './exec-sign-in-required';
import execPluginFailed from './exec-plugin-failed';
import execPluginInvalidOutput from './exec-plugin-invalid-output';
import execCredentialExpired from './exec-credential-expired';
import execCredentialExpiring from './exec-credential-expiring';
import gkeCacheIdentityMismatch from './gke-cache-identity-mismatch';
import serverUnauthorized from './server-unauthorized';
import eksPrincipalUnmapped from './eks-principal-unmapped';
import serverForbidden from './server-forbidden';
import serverRedirect from './server-redirect';
import serverNotKubernetes from './server-not-kubernetes';
import serverClientCertRequired from './server-client-cert-required';
import serverTlsUntrusted from './server-tls-untrusted';
import serverCertExpired from './server-cert-expired';
import serverUnreachable from './server-unreachable';
import clusterNotRunning from './cluster-not-running';
import clockSkew from './clock-skew';
import { RULE_IDS, type RuleId } from './ids';
import type { Rule } from './types';

/** A rule registered under its own id: a rule filed under another id fails to compile. */
type RuleFiledAs<Id extends RuleId> = Rule & { meta: { id: Id } };

export const RULE_BY_ID: { readonly [Id in RuleId]: RuleFiledAs<Id> } = {
  'kubeconfig-unreadable': kubeconfigUnreadable,
  'kubeconfig-invalid': kubeconfigInvalid,
  'kubeconfig-permissions': kubeconfigPermissions,
  'context-missing': contextMissing,
  'context-dangling': contextDangling,
  'cluster-server-missing': clusterServerMissing,
  'context-config-invalid': contextConfigInvalid,
  'file-reference-missing': fileReferenceMissing,
  'credentials-missing': credentialsMissing,
  'credentials-conflict': credentialsConflict,
  'credential-shadowed': credentialShadowed,
  'auth-provider-removed': authProviderRemoved,
  'basic-auth-removed': basicAuthRemoved,
  'client-cert-expired': clientCertExpired,
  'client-cert-expiring': clientCertExpiring,
  'client-cert-not-yet-valid': clientCertNotYetValid,
  'client-cert-invalid': clientCertInvalid,
  'client-cert-key-mismatch': clientCertKeyMismatch,
  'client-cert-untrusted-issuer': clientCertUntrustedIssuer,
  'client-cert-system-masters': clientCertSystemMasters,
  'cluster-ca-invalid': clusterCaInvalid,
  'cluster-ca-expired': clusterCaExpired,
  'insecure-skip-tls-verify': insecureSkipTlsVerify,
  'token-expired': tokenExpired,
  'token-expiring': tokenExpiring,
  'token-not-yet-valid': tokenNotYetValid,
  'token-invalid': tokenInvalid,
  'token-invalid-header': tokenInvalidHeader,
  'token-opaque': tokenOpaque,
  'token-legacy-serviceaccount': tokenLegacyServiceaccount,
  'oidc-token-expired': oidcTokenExpired,
  'exec-plugin-missing': execPluginMissing,
  'exec-plugin-gui-path': execPluginGuiPath,
  'exec-api-version-unsupported': execApiVersionUnsupported,
  'exec-config-invalid': execConfigInvalid,
  'exec-interactive-only': execInteractiveOnly,
  'exec-plugin-untrusted': execPluginUntrusted,
  'exec-sign-in-required': execSignInRequired,
  'exec-plugin-failed': execPluginFailed,
  'exec-plugin-invalid-output': execPluginInvalidOutput,
  'exec-credential-expired': execCredentialExpired,
  'exec-credential-expiring': execCredentialExpiring,
  'gke-cache-identity-mismatch': gkeCacheIdentityMismatch,
  'server-unauthorized': serverUnauthorized,
  'eks-principal-unmapped': eksPrincipalUnmapped,
  'server-forbidden': serverForbidden,
  'server-redirect': serverRedirect,
  'server-not-kubernetes': serverNotKubernetes,
  'server-client-cert-required': serverClientCertRequired,
  'server-tls-untrusted': serverTlsUntrusted,
  'server-cert-expired': serverCertExpired,
  'server-unreachable': serverUnreachable,
  'cluster-not-running': clusterNotRunning,
  'clock-skew': clockSkew,
};

/** Every rule, in report order (the order of RULE_IDS). */
export const RULES: readonly Rule[] = RULE_IDS.map((id) => RULE_BY_ID[id]);
