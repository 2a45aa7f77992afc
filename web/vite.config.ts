import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const web = fileURLToPath(new URL(".", import.meta.url));

// `npm run dev:web` serves the app on :5173 and forwards GraphQL (HTTP and WebSocket) to the server
// on :4000; `npm run build:web` writes dist/web, which the server serves in production.
export default defineConfig({
  root: web,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
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
