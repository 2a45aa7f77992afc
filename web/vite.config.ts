import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Connect, type Plugin } from "vite";

const web = fileURLToPath(new URL(".", import.meta.url));

/**
 * The customer's pages are entries of their own (refund.html and order.html, web/src/public): in
 * production the server answers /refund/<token> and /order/<token> with them; in `dev:web` and
 * `preview` this does the same, before Vite's SPA fallback would hand those paths to the merchant app.
 */
const PUBLIC_PAGES: Array<[RegExp, string]> = [
  [/^\/refund(\/[^?#]*)?(\?.*)?$/, "/refund.html"],
  [/^\/order(\/[^?#]*)?(\?.*)?$/, "/order.html"],
];
const rewritePublicPages: Connect.NextHandleFunction = (req, _res, next) => {
  const page = req.url ? PUBLIC_PAGES.find(([path]) => path.test(req.url!)) : undefined;
  if (page) req.url = page[1];
  next();
};
const publicPageRoutes = (): Plugin => ({
  name: "ruptura-public-page-routes",
  configureServer: (server) => void server.middlewares.use(rewritePublicPages),
  configurePreviewServer: (server) => void server.middlewares.use(rewritePublicPages),
});

// `npm run dev:web` serves the app on :5173 and forwards GraphQL (HTTP and WebSocket) to the server
// on :4000; `npm run build:web` writes dist/web, which the server serves in production.
export default defineConfig({
  root: web,
  plugins: [react(), publicPageRoutes()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // dist/web/.vite/manifest.json: which chunks each page loads (the refund bundle test and the
    // bench read it; the server never serves dot-directories).
    manifest: true,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        refund: fileURLToPath(new URL("refund.html", import.meta.url)),
        order: fileURLToPath(new URL("order.html", import.meta.url)),
      },
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        // A group collects its modules into one chunk whichever entry uses them, so a chunk the
        // customer's pages load (react) must hold nothing else: the router has a group of its own.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "router", test: /node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/ },
            { name: "apollo", test: /node_modules[\\/](@apollo|graphql|graphql-ws|rxjs|@wry|optimism|tslib|ts-invariant|@graphql-typed-document-node)[\\/]/ },
            { name: "i18n", test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/graphql": { target: "http://localhost:4000", ws: true },
      "/exports": { target: "http://localhost:4000" },
    },
  },
  preview: {
    proxy: {
      "/graphql": { target: "http://localhost:4000", ws: true },
      "/exports": { target: "http://localhost:4000" },
    },
  },
});
