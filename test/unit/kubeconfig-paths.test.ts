import { describe, expect, it } from 'vitest';
import { kubeconfigPaths } from '../../shared/kubeconfig/paths';

describe('kubeconfigPaths', () => {
  it('uses ~/.kube/config when KUBECONFIG is unset or empty', () => {
    expect(kubeconfigPaths(undefined, '/home/dev', 'linux')).toEqual({
      paths: ['/home/dev/.kube/config'],
      explicit: false,
    });
    expect(kubeconfigPaths('', '/home/dev/', 'darwin')).toEqual({ paths: ['/home/dev/.kube/config'], explicit: false });
    expect(kubeconfigPaths(undefined, 'C:\\Users\\dev', 'win32').paths).toEqual(['C:\\Users\\dev\\.kube\\config']);
  });

  it('splits on colons, drops empty entries and repeats, keeps the first occurrence', () => {
    expect(kubeconfigPaths('/a::/b:/a:/c:', '/home/dev', 'linux')).toEqual({
      paths: ['/a', '/b', '/c'],
      explicit: true,
    });
  });

  it('loads nothing when KUBECONFIG holds only separators, like kubectl', () => {
    expect(kubeconfigPaths(':', '/home/dev', 'linux')).toEqual({ paths: [], explicit: true });
    expect(kubeconfigPaths(';;', 'C:\\Users\\dev', 'win32')).toEqual({ paths: [], explicit: true });
  });

  it('splits on semicolons on Windows, where quotes protect a semicolon', () => {
    expect(kubeconfigPaths('C:\\k\\a;"D:\\odd;name\\b";C:\\k\\a', 'C:\\Users\\dev', 'win32').paths).toEqual([
      'C:\\k\\a',
      'D:\\odd;name\\b',
    ]);
    expect(kubeconfigPaths('C:\\k\\a:b', 'C:\\Users\\dev', 'win32').paths).toEqual(['C:\\k\\a:b']);
  });
});
