import { describe, expect, it } from 'vitest';
import { jsonObject, parseJsonObject } from '../../shared/json-object';

describe('jsonObject', () => {
  it('keeps a mapping', () => {
    const value = { a: 1 };
    expect(jsonObject(value)).toBe(value);
  });

  it.each([null, undefined, [], 'text', 3, true])('refuses %j', (value) => {
    expect(jsonObject(value)).toBeUndefined();
  });
});

describe('parseJsonObject', () => {
  it('parses an object', () => {
    expect(parseJsonObject('{"token":"x","n":2}')).toEqual({ ok: true, object: { token: 'x', n: 2 } });
  });

  it.each([
    ['junk', 'kw-canary-json-secret', 'not JSON'],
    ['an array', '["kw-canary-json-secret"]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
    ['a string', '"kw-canary-json-secret"', 'not a JSON object'],
  ])('says why %s is not an object, without quoting it', (_label, text, reason) => {
    const parsed = parseJsonObject(text);
    expect(parsed).toEqual({ ok: false, reason });
    expect(JSON.stringify(parsed)).not.toContain('kw-canary');
  });
});
