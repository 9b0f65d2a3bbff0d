/** The window names a step by path, index and chosen option: the validator lets exactly that through. */
import { describe, expect, it } from 'vitest';
import { IpcPayloadError, REQUEST_VALIDATORS } from '../../shared/ipc';

const validate = REQUEST_VALIDATORS['fix:run'];

describe('fix:run step refs', () => {
  it('takes a path id and a chosen option, and leaves them out when absent', () => {
    expect(validate({ context: 'dev', rule: 'client-cert-expired', path: 'via', step: 0, option: 'admin' })).toEqual({
      context: 'dev',
      rule: 'client-cert-expired',
      path: 'via',
      step: 0,
      option: 'admin',
    });
    expect(validate({ rule: 'context-missing', step: 0 })).toEqual({ rule: 'context-missing', step: 0 });
  });

  it.each([
    [{ rule: 'client-cert-expired', path: 'Via!', step: 0 }, 'path: not a path id'],
    [{ rule: 'client-cert-expired', path: '', step: 0 }, 'path: expected a non-empty string'],
    [{ rule: 'client-cert-expired', step: 0, option: 7 }, 'option: expected a non-empty string'],
    [{ rule: 'client-cert-expired', step: 0, command: 'rm -rf ~' }, 'unexpected field(s): command'],
  ])('refuses %j', (payload, message) => {
    expect(() => validate(payload)).toThrow(new IpcPayloadError(message));
  });
});
