import fs from "node:fs";
import path from "node:path";
import { WEB_DIST } from "../helpers/browser";
import { BUNDLER_CHUNKS, formatKb, KB, merchantSourcesIn, PUBLIC_PAGE_JS_BUDGET, readPageBundle, type PageBundle } from "../helpers/web-bundle";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The customer's pages, as built (npm run build:web): everything each loads, followed through the
 * Vite manifest and the chunks' own imports, and every source in their source maps. A merchant
 * module imported anywhere into web/src/public ends up in one of those chunks and fails here.
 */
describe.each([
  ["refund.html", "refund"],
  ["order.html", "order"],
])("the customer's page %s: its bundle", (page, folder) => {
  let bundle: PageBundle;
  beforeAll(() => {
    if (!fs.existsSync(path.join(WEB_DIST, page))) throw new Error(`No built ${page} at ${WEB_DIST}: run "npm run build:web"`);
    bundle = readPageBundle(WEB_DIST, page);
  });

  it("is what the page loads, every chunk with a source map but the bundler's own helpers", () => {
    const scripts = bundle.files.filter((f) => f.kind === "js");
    for (const script of bundle.htmlScripts) expect(scripts.map((f) => f.file)).toContain(script);
    // Without a map a chunk's sources are unknown: only the bundler's own small helpers may lack one.
    const unmapped = scripts.filter((f) => !f.hasSourceMap);
    expect(unmapped.filter((f) => !BUNDLER_CHUNKS.has(f.name ?? "") || f.bytes > 2 * KB).map((f) => f.file)).toEqual([]);
    // The test reads the right thing: the page's own entry is among the sources...
    const sources = scripts.flatMap((f) => f.sources.map((s) => path.relative(ROOT, s)));
    expect(sources).toContain(path.join("web", "src", "public", folder, "main.tsx"));
    // ...and the merchant app's entry is not.
    expect(sources).not.toContain(path.join("web", "src", "main.tsx"));
  });

  it("holds no merchant module: nothing from web/src/app or web/src/modules, no Apollo, graphql-js or react-router", () => {
    expect(merchantSourcesIn(bundle, ROOT)).toEqual([]);
  });

  it(`stays under ${formatKb(PUBLIC_PAGE_JS_BUDGET)} of JavaScript, gzipped`, () => {
    expect(bundle.jsGzipBytes).toBeLessThan(PUBLIC_PAGE_JS_BUDGET);
  });
});
