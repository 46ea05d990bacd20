// Worker threads started from source text (`new Worker(source, { eval: true })`): there is no
// worker file to locate, so the same code runs from the esbuild bundle, from tsx and under vitest.
// The function must not refer to anything outside itself. tsx and esbuild name functions through a
// `__name` helper (keepNames) that the worker does not have, so it gets a stand-in.

/** Source for a worker that defines `fn` under `name` and then runs `main` (which may use parentPort and workerData). */
export function workerSource(name: string, fn: (...args: never[]) => unknown, main: string): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
const ${name} = ${fn.toString()};
${main}
`;
}
