import { describe, expect, it } from 'vitest';
import { userinfoSecrets, withoutUserinfo } from '../../shared/url-safety';

describe('withoutUserinfo', () => {
  it.each([
    ['https://admin:s3cr3t@prod.example:6443', 'https://prod.example:6443'],
    ['https://admin:s3cr3t@prod.example:6443/k8s/clusters/c-1?x=1', 'https://prod.example:6443/k8s/clusters/c-1?x=1'],
    ['http://tok3n@proxy.corp:3128', 'http://proxy.corp:3128'],
    // Go's url.Parse: the userinfo runs to the last @ before the path.
    ['https://u:p@ss@host', 'https://host'],
    ['https://u:p%40ss@host/a@b', 'https://host/a@b'],
    ['//u:p@host:443', '//host:443'],
  ])('removes the user and password of %s', (url, shown) => {
    expect(withoutUserinfo(url)).toBe(shown);
  });

  it.each(['https://prod.example:6443', 'https://prod.example/path@v1', 'prod.example:6443', 'https://[::1]:6443/'])(
    'leaves %s as written',
    (url) => expect(withoutUserinfo(url)).toBe(url),
  );

  it('passes an absent URL through', () => expect(withoutUserinfo(undefined)).toBeUndefined());
});

describe('userinfoSecrets', () => {
  it('is the password, raw and decoded, or a user part standing alone', () => {
    expect(userinfoSecrets('https://admin:p%40ss-w0rd@host')).toEqual(['p%40ss-w0rd', 'p@ss-w0rd']);
    expect(userinfoSecrets('https://ghp_token123@host')).toEqual(['ghp_token123']);
    expect(userinfoSecrets('https://host:6443')).toEqual([]);
    expect(userinfoSecrets('https://admin:@host')).toEqual([]);
  });
});
