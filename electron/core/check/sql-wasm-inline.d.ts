// sql.js's single-file build, its WebAssembly inlined (so the CLI and app bundles need no .wasm asset
// beside them); @types/sql.js types only the other builds, whose API it shares.
declare module 'sql.js/dist/sql-wasm-inline.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
