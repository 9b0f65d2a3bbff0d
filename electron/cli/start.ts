/**
 * The `kubeward` executable (out/cli/kubeward.js): sets up V8 for a short-lived process, then
 * runs the CLI bundle beside it (main.js).
 *
 * Every command but `watch` is over in a fraction of a second, before V8's optimizing compiler
 * (TurboFan) pays back what it costs: compiling, installing the code and deoptimizing when a
 * later call sees other shapes. Without it the interpreter and the baseline compiler run the
 * check (30-context mixed check: ~17% less wall time, bench/run.ts). `watch` keeps it: it runs
 * for days and checks over and over. The flag must be set before main.js is loaded.
 *
 * Node 22.1+ (and Electron's Node) also keep compiled code on disk between runs
 * (module.enableCompileCache); Node 20 has no such cache and simply compiles each time.
 */
import Module, { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

if (process.argv[2] !== 'watch') setFlagsFromString('--no-turbofan');
(Module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// Through createRequire, which the bundler leaves alone: main.js is loaded, not bundled in.
createRequire(__filename)('./main.js');
