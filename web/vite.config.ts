import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Connect, type Plugin } from "vite";

const web = fileURLToPath(new URL(".", import.meta.url));

/**
 * The customer's refund page is its own entry (refund.html, web/src/public/refund): in production
 * the server answers /refund/<token> with it; in `dev:web` and `preview` this does the same, before
 * Vite's SPA fallback would hand those paths to the merchant app.
 */
const REFUND_PAGE = /^\/refund(\/[^?#]*)?(\?.*)?$/;
const rewriteRefundPage: Connect.NextHandleFunction = (req, _res, next) => {
  if (req.url && REFUND_PAGE.test(req.url)) req.url = "/refund.html";
  next();
};
const refundPageRoute = (): Plugin => ({
  name: "ruptura-refund-page-route",
  configureServer: (server) => void server.middlewares.use(rewriteRefundPage),
  configurePreviewServer: (server) => void server.middlewares.use(rewriteRefundPage),
});

// `npm run dev:web` serves the app on :5173 and forwards GraphQL (HTTP and WebSocket) to the server
// on :4000; `npm run build:web` writes dist/web, which the server serves in production.
export default defineConfig({
  root: web,
  plugins: [react(), refundPageRoute()],
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
      },
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        // A group collects its modules into one chunk whichever entry uses them, so a chunk the
        // refund page loads (react) must hold nothing else: the router has a group of its own.
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
