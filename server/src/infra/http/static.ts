import fs from "node:fs";
import path from "node:path";
import compression from "compression";
import express, { Express } from "express";

/** Vite names every file under assets/ by its content hash: a new build means new names. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** The app shell names the current assets, so the browser must revalidate it every time. */
const REVALIDATE = "no-cache";

/**
 * The built web app at `/`, compressed (brotli or gzip, as the browser accepts), hashed assets
 * cached for a year, the app shell revalidated. Client-side routes (/orders/42) get the app shell;
 * a missing file under /assets is a 404, not the shell. A missing build serves a hint instead.
 */
export function serveWebApp(app: Express, webDist: string, graphqlPath: string): void {
  const index = path.join(webDist, "index.html");
  if (!fs.existsSync(index)) {
    app.get("/", (_req, res) => {
      res.type("text").send(`The web app is not built (no ${path.basename(webDist)}/index.html). Run "npm run build:web"; the API is at ${graphqlPath}.`);
    });
    return;
  }
  app.use(compression());
  app.use(
    express.static(webDist, {
      index: false,
      setHeaders: (res, file) => {
        const relative = path.relative(webDist, file);
        res.setHeader("Cache-Control", relative.startsWith(`assets${path.sep}`) ? IMMUTABLE : relative === "index.html" ? REVALIDATE : "public, max-age=3600");
      },
    }),
  );
  app.get("/{*path}", (req, res, next) => {
    if (req.path.startsWith("/assets/")) return next(); // the 404 handler answers
    res.setHeader("Cache-Control", REVALIDATE);
    res.sendFile(index);
  });
}
