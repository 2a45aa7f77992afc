/**
 * `npm run bench [name]`: runs the benchmarks under test/bench (all, or the one named).
 * Each prints its figures as ratios against a baseline measured in the same run; public-pages
 * prints the gzipped JS of each of the customer's pages against its 160 kB goal (from dist/web).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const benches = ["public-pages", "intake", "restock", "subscribers", "sku-import", "report", "reads"];
const only = process.argv[2];
let failed = false;
for (const name of benches.filter((b) => !only || b === only)) {
  console.log(`\n== ${name} ==`);
  const result = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`)], { stdio: "inherit" });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
