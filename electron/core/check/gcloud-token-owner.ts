/**
 * Whose gcloud access token is this: the account whose row in gcloud's access_tokens.db (SQLite,
 * googlecloudsdk/core/credentials/creds.py AccessTokenCache: account_id, access_token, token_expiry,
 * rapt_token, id_token) holds it. Node 20 has no node:sqlite, so sql.js (SQLite compiled to
 * WebAssembly, no native build) reads a copy of the file in memory: read only, the file is never opened
 * for writing. The token is compared inside SQLite as a bound parameter and never leaves this module.
 */
import type { SqlJsStatic } from 'sql.js';
import { readFileBounded } from '../files/read-file';

/** One row per account gcloud has signed in, a few KB each: anything far larger is not gcloud's cache. */
const ACCESS_TOKENS_DB_LIMIT = 4 * 1024 * 1024;

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Loaded on first use only (a megabyte of WebAssembly), then kept for the life of the process. */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js/dist/sql-wasm-inline.js').then(({ default: init }) => init());
  return sqlJs;
}

/**
 * Through the project's bounded reader, which never opens a pipe or a device and stops past the limit;
 * it hands out text, so the bytes travel as latin1, which maps each byte to one character and back.
 */
async function readBytes(file: string): Promise<Uint8Array | undefined> {
  const read = await readFileBounded(file, {
    limit: ACCESS_TOKENS_DB_LIMIT,
    decode: (bytes) => Buffer.from(bytes).toString('latin1'),
  });
  return read.state === 'ok' ? Buffer.from(read.text, 'latin1') : undefined;
}

/** The account whose cached access token is `token`; undefined when none is, or the file is missing or not gcloud's. */
export async function gcloudTokenOwner(accessTokensDb: string, token: string): Promise<string | undefined> {
  const bytes = await readBytes(accessTokensDb);
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(bytes);
    try {
      const rows = db.exec('SELECT account_id FROM access_tokens WHERE access_token = ? LIMIT 1', [token]);
      const owner = rows[0]?.values[0]?.[0];
      return typeof owner === 'string' && owner !== '' ? owner : undefined;
    } finally {
      db.close();
    }
  } catch {
    // Not a SQLite file, or no such table: not gcloud's cache, nothing to say.
    return undefined;
  }
}
