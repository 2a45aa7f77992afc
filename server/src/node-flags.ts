/**
 * The flags the server's Node process runs with, the same everywhere it runs: `npm start`, the
 * Dockerfile's CMD and the benchmarks (test/integration/deployment.test.ts checks that they agree).
 *
 * `--heap-growing-percent=100`: after each full garbage collection V8 lets the old generation grow
 * to twice what survived before it collects again. Without it V8 picks the factor itself, up to 4
 * when its heap limit is large, and Node sets that limit from the machine's memory (4 GB on a
 * 24 GB machine): under the intake bench about 50 MB survive every full collection, all run long,
 * yet the old generation grew to 160-220 MB of garbage before each one, which was most of the
 * 338-344 MB peak RSS. At 2x the heap stays near 100 MB; a full collection then comes every few
 * seconds under full load, its marking concurrent, its pauses 4-18 ms. Unlike
 * `--max-old-space-size` it caps nothing: a larger live set (an import, a report) still gets room.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--heap-growing-percent=100"];
