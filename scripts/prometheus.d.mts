export type PrometheusTool = 'prometheus' | 'promtool' | 'alertmanager' | 'amtool' | 'pushgateway';
/** Each program the tests run: the Debian package that has it, and its names, Debian's first. */
export const PROMETHEUS_TOOLS: Record<PrometheusTool, { package: string; names: string[] }>;
/** What to do when `tool` is not installed, in one line. */
export function missingPrometheusTool(tool: PrometheusTool): string;
/** The program's path; throws the one-line fix when it is not on PATH. */
export function findPrometheusTool(tool: PrometheusTool, env?: NodeJS.ProcessEnv): string;
/** The Debian packages with a program missing from PATH, each once. */
export function missingPrometheusPackages(env?: NodeJS.ProcessEnv): string[];
