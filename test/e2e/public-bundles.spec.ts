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

/**
 * The desk (index.html): the charting library (recharts, issue 16) comes only with the reports
 * page, a lazy route, so what the desk loads up front does not carry it.
 */
describe("the desk's bundle and the reports page's charts", () => {
  const manifestPath = path.join(WEB_DIST, ".vite", "manifest.json");
  type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string };
  let manifest: Record<string, Chunk>;
  const sourcesOf = (file: string): string[] => {
    const map = path.join(WEB_DIST, `${file}.map`);
    return fs.existsSync(map) ? ((JSON.parse(fs.readFileSync(map, "utf8")) as { sources?: string[] }).sources ?? []) : [];
  };
  const recharts = /[\\/]node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor)[\\/]/;

  beforeAll(() => {
    if (!fs.existsSync(manifestPath)) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Record<string, Chunk>;
  });

  it("loads no recharts up front: the entry and its static imports hold none of it", () => {
    const upFront = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key]!;
      if (upFront.has(chunk.file)) return;
      upFront.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit("index.html");
    expect(upFront.size).toBeGreaterThan(1);
    const found = [...upFront].flatMap((file) => sourcesOf(file).filter((source) => recharts.test(source)).map((source) => `${file}: ${source}`));
    expect(found).toEqual([]);
  });

  it("puts recharts in the lazily loaded reports page's chunks", () => {
    const page = Object.entries(manifest).find(([key]) => key.endsWith(path.posix.join("modules", "reports", "pages", "ReportsPage.tsx")));
    expect(page).toBeDefined();
    expect(manifest["index.html"]!.dynamicImports ?? []).toContain(page![0]);
    const lazy = [page![1].file, ...(page![1].imports ?? []).map((key) => manifest[key]!.file)];
    expect(lazy.flatMap(sourcesOf).some((source) => recharts.test(source))).toBe(true);
  });
});
