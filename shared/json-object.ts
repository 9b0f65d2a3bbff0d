/** JSON objects as the decoders of plugin output, caches and token claims take them. */

/** The value as a JSON object (a mapping: not null, not an array), or undefined. */
export function jsonObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export type JsonObjectParse = { ok: true; object: Record<string, unknown> } | { ok: false; reason: string };

/** A file's text as one JSON object, or why it is not one (never quoting the text, which may hold a token). */
export function parseJsonObject(text: string): JsonObjectParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const object = jsonObject(parsed);
  return object ? { ok: true, object } : { ok: false, reason: 'not a JSON object' };
}
