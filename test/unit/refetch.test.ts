import { describe, expect, it } from 'vitest';
import { detectProvider, refetchSteps } from '../../shared/guides/refetch';
import { subjectOf } from '../support/rules';

const CONFIG = '/home/u/.kube/config';

/** A kubeconfig with one context; `user` is the YAML body of the user entry, indented by 4. */
function kubeconfig(opts: { context: string; cluster?: string; user?: string; userName?: string; server?: string }) {
  const cluster = opts.cluster ?? opts.context;
  const userName = opts.userName ?? opts.context;
  return `apiVersion: v1
kind: Config
clusters:
- name: ${JSON.stringify(cluster)}
  cluster:
    server: ${opts.server ?? 'https://203.0.113.10'}
users:
- name: ${JSON.stringify(userName)}
  user:
${opts.user ?? '    token: abc'}
contexts:
- name: ${JSON.stringify(opts.context)}
  context:
    cluster: ${JSON.stringify(cluster)}
    user: ${JSON.stringify(userName)}
current-context: ${JSON.stringify(opts.context)}
`;
}

function subject(opts: Parameters<typeof kubeconfig>[0]) {
  return subjectOf({ sources: { [CONFIG]: kubeconfig(opts) } });
}

const AWS_EXEC = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, eu-west-1, eks, get-token, --cluster-name, payments, --output, json]
      env:
      - name: AWS_PROFILE
        value: prod-admin`;

describe('EKS', () => {
  it('reads cluster, region and profile from `aws eks get-token`', () => {
    const s = subject({ context: 'arn:aws:eks:eu-west-1:123456789012:cluster/payments', user: AWS_EXEC });
    expect(detectProvider(s)).toEqual({
      provider: 'eks',
      cluster: 'payments',
      region: 'eu-west-1',
      profile: 'prod-admin',
    });
    expect(refetchSteps(s)).toEqual([
      {
        title: 'Write fresh credentials for EKS cluster payments into the kubeconfig',
        command: 'aws eks update-kubeconfig --name payments --region eu-west-1 --profile prod-admin',
        action: {
          kind: 'run',
          program: 'aws',
          args: ['eks', 'update-kubeconfig', '--name', 'payments', '--region', 'eu-west-1', '--profile', 'prod-admin'],
        },
      },
    ]);
  });

  it('keeps a renamed context with --alias, and takes --profile and --region=R from the args', () => {
    const user = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: /usr/local/bin/aws
      args: [eks, get-token, --cluster-name, web, --region=us-east-2, --profile, dev]`;
    const [step] = refetchSteps(subject({ context: 'web-dev', user }));
    expect(step?.command).toBe('aws eks update-kubeconfig --name web --region us-east-2 --profile dev --alias web-dev');
    expect(step?.action).toEqual({
      kind: 'run',
      program: 'aws',
      args: [
        'eks',
        'update-kubeconfig',
        '--name',
        'web',
        '--region',
        'us-east-2',
        '--profile',
        'dev',
        '--alias',
        'web-dev',
      ],
    });
  });

  it('reads aws-iam-authenticator -i and the region from the server host', () => {
    const user = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws-iam-authenticator
      args: [token, -i, legacy]`;
    const s = subject({ context: 'legacy', user, server: 'https://ABCDEF0123.gr7.ap-southeast-2.eks.amazonaws.com' });
    expect(detectProvider(s)).toEqual({ provider: 'eks', cluster: 'legacy', region: 'ap-southeast-2' });
  });

  it('reads cluster and region from the ARN entry names when the exec args lack them', () => {
    const user = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token]
      env:
      - name: AWS_REGION
        value: us-west-2`;
    const s = subject({ context: 'shop', cluster: 'arn:aws:eks:eu-central-1:123456789012:cluster/shop', user });
    // AWS_REGION in the plugin's env is what the plugin actually uses; it beats the ARN.
    expect(detectProvider(s)).toEqual({ provider: 'eks', cluster: 'shop', region: 'us-west-2' });
  });

  it('marks what the kubeconfig does not say instead of inventing it, and offers no action then', () => {
    const s = subject({ context: 'eks', server: 'https://ABCDEF0123.yl4.us-east-1.eks.amazonaws.com' });
    expect(refetchSteps(s)).toEqual([
      {
        title:
          'Write fresh credentials for the EKS cluster into the kubeconfig ' +
          '(the kubeconfig does not say; replace <CLUSTER_NAME>: the EKS cluster name)',
        command: 'aws eks update-kubeconfig --name <CLUSTER_NAME> --region us-east-1 --alias eks',
      },
    ]);
  });
});

describe('GKE', () => {
  it('reads project, location and cluster from the gke_ name', () => {
    const user = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      provideClusterInfo: true`;
    const s = subject({ context: 'gke_acme-prod_europe-west1-b_api', user });
    expect(detectProvider(s)).toEqual({
      provider: 'gke',
      project: 'acme-prod',
      location: 'europe-west1-b',
      cluster: 'api',
    });
    expect(refetchSteps(s)).toEqual([
      {
        title: 'Write fresh credentials for GKE cluster api into the kubeconfig',
        command: 'gcloud container clusters get-credentials api --location europe-west1-b --project acme-prod',
      },
    ]);
  });

  it('recognises the removed gcp auth-provider, with markers for a renamed context', () => {
    const user = `    auth-provider:
      name: gcp
      config:
        cmd-path: /usr/bin/gcloud`;
    const [step] = refetchSteps(subject({ context: 'prod', user }));
    expect(step?.command).toBe(
      'gcloud container clusters get-credentials <CLUSTER_NAME> --location <LOCATION> --project <PROJECT_ID>',
    );
    expect(step?.title).toContain('replace <CLUSTER_NAME>: the GKE cluster name; <LOCATION>: its region or zone');
  });
});

describe('AKS', () => {
  const kubelogin = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]`;

  it('takes the resource group from the user name az writes, and keeps kubelogin`s login mode', () => {
    const s = subject({
      context: 'shop-aks',
      userName: 'clusterUser_rg_shop_prod_shop-aks',
      user: kubelogin,
      server: 'https://shop-aks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443',
    });
    expect(detectProvider(s)).toEqual({
      provider: 'aks',
      cluster: 'shop-aks',
      resourceGroup: 'rg_shop_prod',
      loginMode: 'devicecode',
    });
    expect(refetchSteps(s)).toEqual([
      {
        title: 'Write fresh credentials for AKS cluster shop-aks into the kubeconfig',
        command: 'az aks get-credentials --resource-group rg_shop_prod --name shop-aks --overwrite-existing',
      },
      {
        title: 'Let kubelogin provide the Entra ID tokens',
        command: 'kubelogin convert-kubeconfig -l devicecode --context shop-aks',
      },
    ]);
  });

  it('says the resource group is unknown when the user name does not carry it', () => {
    const s = subject({ context: 'aks1', userName: 'me', user: kubelogin });
    const [step] = refetchSteps(s);
    expect(step?.command).toBe(
      'az aks get-credentials --resource-group <RESOURCE_GROUP> --name aks1 --overwrite-existing',
    );
    expect(step?.title).toContain('replace <RESOURCE_GROUP>: the Azure resource group of the cluster');
  });

  it('re-fetches admin credentials with --admin and no kubelogin', () => {
    const s = subject({
      context: 'aks1-admin',
      cluster: 'aks1',
      userName: 'clusterAdmin_rg1_aks1',
      user: '    client-certificate-data: eA==\n    client-key-data: eA==',
      server: 'https://aks1-dns.hcp.eastus.azmk8s.io:443',
    });
    expect(refetchSteps(s)).toEqual([
      {
        title: 'Write fresh credentials for AKS cluster aks1 into the kubeconfig',
        command: 'az aks get-credentials --resource-group rg1 --name aks1 --admin --overwrite-existing',
      },
    ]);
  });

  it('does not take int128 kubelogin (OIDC) for Azure', () => {
    const user = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --oidc-issuer-url=https://dex.example.com, --oidc-client-id=kubernetes]`;
    expect(detectProvider(subject({ context: 'dex', user })).provider).toBe('generic');
  });
});

describe('generic', () => {
  it('asks the cluster admin, and offers kubeadm for a client certificate', () => {
    const s = subject({
      context: 'kubernetes-admin@kubernetes',
      cluster: 'kubernetes',
      userName: 'kubernetes-admin',
      user: '    client-certificate: /etc/k8s/admin.crt\n    client-key: /etc/k8s/admin.key',
      server: 'https://10.0.0.5:6443',
    });
    expect(detectProvider(s)).toEqual({ provider: 'generic' });
    expect(refetchSteps(s)).toEqual([
      {
        title:
          'Ask your cluster admin for a new kubeconfig for cluster kubernetes (https://10.0.0.5:6443), ' +
          'and put it where KUBECONFIG points',
      },
      {
        title: 'On a kubeadm control-plane node, an admin can issue one with a new certificate for kubernetes-admin',
        command: 'sudo kubeadm kubeconfig user --client-name kubernetes-admin > kubernetes-admin.kubeconfig',
      },
    ]);
  });

  it('offers no kubeadm command for a token user', () => {
    const steps = refetchSteps(subject({ context: 'ci', server: 'https://k8s.internal:6443' }));
    expect(steps).toEqual([
      {
        title:
          'Ask your cluster admin for a new kubeconfig for cluster ci (https://k8s.internal:6443), and put it where KUBECONFIG points',
      },
    ]);
  });

  it('quotes names for the shell', () => {
    const s = subject({ context: 'laptop', userName: "bob's laptop", user: '    client-certificate-data: eA==' });
    expect(refetchSteps(s)[1]?.command).toBe(
      "sudo kubeadm kubeconfig user --client-name 'bob'\\''s laptop' > 'bob'\\''s laptop.kubeconfig'",
    );
  });
});

describe('detection priority', () => {
  it('the plugin in use beats the server host, which beats entry names and a leftover auth-provider', () => {
    const leftover = `    auth-provider:
      name: gcp
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --server-id, x]`;
    const name = 'gke_acme_us-east1_api';
    expect(detectProvider(subject({ context: name, user: leftover })).provider).toBe('aks');
    const onAks = subject({
      context: name,
      user: '    auth-provider: {name: gcp}',
      server: 'https://a.hcp.eastus.azmk8s.io',
    });
    expect(detectProvider(onAks).provider).toBe('aks');
    expect(detectProvider(subject({ context: name, user: '    auth-provider: {name: azure}' })).provider).toBe('gke');
  });
});
