/**
 * Whose gcloud access token is this: the account whose row in gcloud's access_tokens.db (SQLite,
 * googlecloudsdk/core/credentials/creds.py AccessTokenCache: account_id, access_token, token_expiry,
 * rapt_token, id_token) holds it. Node 20 has no node:sqlite, so sql.js (SQLite compiled to
 * WebAssembly, no native build) reads a copy of the file in memory: read only, the file is never opened
 * for writing. The token is compared inside SQLite as a bound parameter and never leaves this module.
 */
import { promises as fs } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';

/** One row per account gcloud has signed in, a few KB each: anything far larger is not gcloud's cache. */
const ACCESS_TOKENS_DB_LIMIT = 4 * 1024 * 1024;

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Loaded on first use only (a megabyte of WebAssembly), then kept for the life of the process. */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js/dist/sql-wasm-inline.js').then(({ default: init }) => init());
  return sqlJs;
}

async function readBounded(file: string): Promise<Uint8Array | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > ACCESS_TOKENS_DB_LIMIT) return undefined;
    const bytes = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(bytes, 0, stat.size, 0);
    return bytes.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** The account whose cached access token is `token`; undefined when none is, or the file is missing or not gcloud's. */
export async function gcloudTokenOwner(accessTokensDb: string, token: string): Promise<string | undefined> {
  const bytes = await readBounded(accessTokensDb);
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
