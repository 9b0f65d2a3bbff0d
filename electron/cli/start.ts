/**
 * The `kubeward` executable (out/cli/kubeward.js): runs the CLI bundle beside it (main.js)
 * with the V8 code cache the build made for it (main.js.cache, vite.cli.config.ts). Node 20
 * has no compile cache of its own (module.enableCompileCache is Node 22+), and compiling the
 * bundle and the functions a check calls costs ~15 ms of every start (bench/run.ts, 1000
 * contexts: 236 -> 221 ms).
 *
 * A cache that does not fit is simply not used: V8 rejects one made by another Node or V8
 * version or under other V8 flags, and the file starts with the SHA-1 of the main.js it was
 * made for, since V8 itself only compares the source length.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

const MAIN = path.join(__dirname, 'main.js');
const CACHE = `${MAIN}.cache`;
const DIGEST_LENGTH = 20;

function digestOf(source: string): Buffer {
  return createHash('sha1').update(source).digest();
}

/**
 * Every command but `watch` is over in a fraction of a second, before V8's optimizing compiler
 * (TurboFan) pays back what it costs: compiling on the second core, installing the code and
 * deoptimizing when a later call sees other shapes. Without it the interpreter and the baseline
 * compiler run the check (bench/run.ts, 1000 contexts: 167 -> 153 ms). `watch` keeps it: it runs
 * for days and checks over and over. Set before the bundle is compiled, and for the one-shot
 * check that writes the cache too, since V8 only accepts a cache made under the same flags.
 */
function tuneV8For(command: string | undefined): void {
  if (command !== 'watch') setFlagsFromString('--no-turbofan');
}

function compile(source: string, cachedData?: Buffer): Script {
  return new Script(Module.wrap(source), { filename: MAIN, cachedData });
}

/**
 * Runs the compiled bundle as require() would run main.js, and registers it where require()
 * looks first: the chunks loaded on demand (live checks, watch, fix) require ../main.js for the
 * code they share with it, which must be this instance, not a second run of the CLI.
 */
function run(script: Script): void {
  const main = new Module(MAIN, module);
  main.filename = MAIN;
  require.cache[MAIN] = main;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(main.exports, main.exports, createRequire(MAIN), main, MAIN, path.dirname(MAIN));
  main.loaded = true;
}

function cachedDataFor(source: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const digest = cache.subarray(0, DIGEST_LENGTH);
  return digest.equals(digestOf(source)) ? cache.subarray(DIGEST_LENGTH) : undefined;
}

/** The bundle compiled for `command`, with the cache when it fits (script.cachedDataRejected says). */
export function compileMain(command: string | undefined): Script {
  tuneV8For(command);
  const source = readFileSync(MAIN, 'utf8');
  return compile(source, cachedDataFor(source));
}

/**
 * For the build: runs the CLI with `args` (a check of a sample kubeconfig, output discarded by
 * the caller), then writes the cache, which then holds every function that check compiled.
 */
export function writeCodeCache(args: string[]): void {
  tuneV8For(args[0]);
  const source = readFileSync(MAIN, 'utf8');
  const script = compile(source);
  process.argv = [process.argv[0] ?? 'node', path.join(__dirname, 'kubeward.js'), ...args];
  // On exit, not beforeExit: a check ends with process.exit (electron/cli/main.ts), which skips beforeExit.
  process.once('exit', () => writeFileSync(CACHE, Buffer.concat([digestOf(source), script.createCachedData()])));
  run(script);
}

if (require.main === module) run(compileMain(process.argv[2]));
