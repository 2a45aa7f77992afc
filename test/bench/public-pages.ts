import path from "node:path";
import { formatKb, GZIP_LEVEL, merchantSourcesIn, PUBLIC_PAGE_JS_BUDGET, readPageBundle } from "../helpers/web-bundle";
import { ROOT } from "./lib";

/**
 * `npm run bench -- public-pages`: the JavaScript each of the customer's pages (dist/web/refund.html,
 * dist/web/order.html) loads, every chunk it reaches, raw and gzipped (node:zlib gzipSync, level 9), against the goal of
 * under 160 kB of gzipped JS with no merchant code. Measures the build in dist/web as it is: run
 * `npm run build:web` first. Exits 1 when over the goal or when a merchant module is in the bundle.
 */
function main() {
  const webDist = path.join(ROOT, "dist", "web");
  let ok = true;
  for (const page of ["refund.html", "order.html"]) ok = report(webDist, page) && ok;
  process.exit(ok ? 0 : 1);
}

function report(webDist: string, page: string): boolean {
  const bundle = readPageBundle(webDist, page);
  console.log(`${page.replace(".html", "")} page (${path.relative(ROOT, webDist)}/${page}), gzip level ${GZIP_LEVEL}, 1 kB = 1000 bytes`);
  const rows = [...bundle.files].sort((a, b) => b.gzipBytes - a.gzipBytes);
  for (const file of rows) {
    console.log(`  ${file.kind.padEnd(3)} ${file.file.padEnd(48)} ${formatKb(file.bytes).padStart(9)} raw  ${formatKb(file.gzipBytes).padStart(8)} gzip`);
  }
  const merchant = merchantSourcesIn(bundle, ROOT);
  const within = bundle.jsGzipBytes < PUBLIC_PAGE_JS_BUDGET;
  console.log(
    `  total JS: ${formatKb(bundle.jsBytes)} raw, ${formatKb(bundle.jsGzipBytes)} gzip in ${bundle.files.filter((f) => f.kind === "js").length} chunks ` +
      `(goal: under ${formatKb(PUBLIC_PAGE_JS_BUDGET)} gzip: ${within ? "met" : "MISSED"}, ${Math.round((bundle.jsGzipBytes / PUBLIC_PAGE_JS_BUDGET) * 100)} % of it)`,
  );
  console.log(`  merchant modules in the bundle: ${merchant.length ? merchant.join(", ") : "none"}`);
  return within && merchant.length === 0;
}

main();
