import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/**
 * What a page of the built web app (dist/web) loads: its entry chunk and every chunk reachable from
 * it, found twice over (the Vite manifest's `imports`/`dynamicImports`, and the import specifiers
 * in each chunk's own code), plus its CSS, each file with its size, its gzip size (node:zlib,
 * level 9) and the sources its source map names. Used by the refund bundle test and the bench.
 */

/** Only a rough budget's unit: 1 kB = 1000 bytes. */
export const KB = 1000;
/** The customer's pages must stay under this much JavaScript, gzipped (DESIGN.md, issue 11). */
export const PUBLIC_PAGE_JS_BUDGET = 160 * KB;
export const GZIP_LEVEL = zlib.constants.Z_BEST_COMPRESSION;

export interface BundleFile {
  /** Relative to dist/web, e.g. "assets/react-DctBZRDK.js". */
  file: string;
  /** The chunk's name in the manifest ("react", "refund", "rolldown-runtime"...). */
  name: string | null;
  kind: "js" | "css";
  bytes: number;
  gzipBytes: number;
  /** Absolute paths of the sources in its source map (empty for CSS or when there is no map). */
  sources: string[];
  hasSourceMap: boolean;
}

export interface PageBundle {
  page: string;
  entry: string;
  files: BundleFile[];
  /** Chunks the page's HTML names directly (script and modulepreload). */
  htmlScripts: string[];
  jsBytes: number;
  jsGzipBytes: number;
}

interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const MANIFEST = path.join(".vite", "manifest.json");

/** `import ... from "./x.js"`, `import("./x.js")`, `export ... from "./x.js"`, in minified or plain code. */
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']((?:\.\.?\/|\/)[^"']+\.js)["']/g;

export function readPageBundle(webDist: string, page: string): PageBundle {
  const manifestPath = path.join(webDist, MANIFEST);
  if (!fs.existsSync(manifestPath)) throw new Error(`No ${MANIFEST} in ${webDist}: run "npm run build:web" (web/vite.config.ts sets build.manifest)`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Record<string, ManifestChunk>;
  const entry = manifest[page];
  if (!entry?.isEntry) throw new Error(`${page} is not an entry of ${manifestPath}`);
  const byFile = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk]));

  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (file: string) => {
    if (js.has(file)) return;
    js.add(file);
    const chunk = byFile.get(file);
    for (const key of [...(chunk?.imports ?? []), ...(chunk?.dynamicImports ?? [])]) {
      const imported = manifest[key];
      if (!imported) throw new Error(`${file} imports ${key}, which ${MANIFEST} does not list`);
      visit(imported.file);
    }
    for (const sheet of chunk?.css ?? []) css.add(sheet);
    // The code itself, in case the manifest ever misses an import.
    const code = fs.readFileSync(path.join(webDist, file), "utf8");
    for (const match of code.matchAll(IMPORT_SPECIFIER)) {
      const specifier = match[1]!;
      visit(specifier.startsWith("/") ? specifier.slice(1) : path.posix.join(path.posix.dirname(file), specifier));
    }
  };
  visit(entry.file);

  const html = fs.readFileSync(path.join(webDist, page), "utf8");
  const htmlScripts = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  for (const sheet of html.matchAll(/<link[^>]*\brel="stylesheet"[^>]*\bhref="\/([^"]+\.css)"/g)) css.add(sheet[1]!);
  for (const script of htmlScripts) visit(script);

  const files: BundleFile[] = [
    ...[...js].map((file) => describe(webDist, file, "js", byFile.get(file)?.name ?? null)),
    ...[...css].map((file) => describe(webDist, file, "css", null)),
  ];
  const scripts = files.filter((f) => f.kind === "js");
  return {
    page,
    entry: entry.file,
    files,
    htmlScripts,
    jsBytes: scripts.reduce((sum, f) => sum + f.bytes, 0),
    jsGzipBytes: scripts.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

function describe(webDist: string, file: string, kind: "js" | "css", name: string | null): BundleFile {
  const content = fs.readFileSync(path.join(webDist, file));
  const mapPath = path.join(webDist, `${file}.map`);
  const hasSourceMap = kind === "js" && fs.existsSync(mapPath);
  const sources = hasSourceMap
    ? ((JSON.parse(fs.readFileSync(mapPath, "utf8")) as { sources?: string[]; sourceRoot?: string }).sources ?? []).map((source) =>
        path.resolve(path.dirname(mapPath), source),
      )
    : [];
  return { file, name, kind, bytes: content.length, gzipBytes: zlib.gzipSync(content, { level: GZIP_LEVEL }).length, sources, hasSourceMap };
}

/**
 * Chunks the bundler writes from its own code, not from any source file, hence without a source
 * map: rolldown's module runtime and Vite's modulepreload polyfill.
 */
export const BUNDLER_CHUNKS = new Set(["rolldown-runtime", "modulepreload-polyfill"]);

/** Sources the customer's pages must never load: the merchant app and its client libraries. */
export const MERCHANT_SOURCES: Array<{ label: string; pattern: RegExp }> = [
  { label: "the merchant app (web/src/app)", pattern: /[\\/]web[\\/]src[\\/]app[\\/]/ },
  { label: "a merchant feature (web/src/modules)", pattern: /[\\/]web[\\/]src[\\/]modules[\\/]/ },
  { label: "the merchant's generated hooks (web/src/generated/graphql.ts)", pattern: /[\\/]web[\\/]src[\\/]generated[\\/]graphql\.ts$/ },
  { label: "Apollo Client (@apollo)", pattern: /[\\/]node_modules[\\/]@apollo[\\/]/ },
  { label: "graphql-js", pattern: /[\\/]node_modules[\\/]graphql[\\/]/ },
  { label: "graphql-ws", pattern: /[\\/]node_modules[\\/]graphql-ws[\\/]/ },
  { label: "react-router", pattern: /[\\/]node_modules[\\/]react-router[\\/]/ },
  { label: "rxjs (Apollo's)", pattern: /[\\/]node_modules[\\/]rxjs[\\/]/ },
];

/** Every source of the bundle that matches MERCHANT_SOURCES, as "chunk: source (why)". */
export function merchantSourcesIn(bundle: PageBundle, root: string): string[] {
  return bundle.files.flatMap((f) =>
    f.sources.flatMap((source) =>
      MERCHANT_SOURCES.filter(({ pattern }) => pattern.test(source)).map(({ label }) => `${f.file}: ${path.relative(root, source)} (${label})`),
    ),
  );
}

export const formatKb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
