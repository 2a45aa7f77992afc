import fs from "node:fs";
import path from "node:path";
import compression from "compression";
import express, { Express, Response } from "express";

/** Vite names every file under assets/ by its content hash: a new build means new names. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** The app shell names the current assets, so the browser must revalidate it every time. */
const REVALIDATE = "no-cache";

/**
 * The customer's pages, each its own Vite entry (web/refund.html, web/order.html) with no merchant
 * code, at /refund/<token> and /order/<token>.
 */
const PUBLIC_PAGES = [
  { route: "/refund{/*token}", file: "refund.html" },
  { route: "/order{/*token}", file: "order.html" },
];
/**
 * A customer page's address carries its token: the page is never stored by the browser or a proxy,
 * never sends its address on as a referrer (the assets and /graphql it loads included), and is
 * never indexed.
 */
function publicPageHeaders(res: Response): void {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Robots-Tag", "noindex, nofollow");
}

/**
 * The built web app at `/`, compressed (brotli or gzip, as the browser accepts), hashed assets
 * cached for a year, the app shell revalidated. Client-side routes (/orders/42) get the app shell;
 * /refund/<token> and /order/<token> get the customer's pages (no merchant code; see
 * publicPageHeaders); a missing file under /assets is a 404, not the shell. A missing build serves
 * a hint instead.
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
        if (PUBLIC_PAGES.some((page) => page.file === relative)) return publicPageHeaders(res);
        res.setHeader("Cache-Control", relative.startsWith(`assets${path.sep}`) ? IMMUTABLE : relative === "index.html" ? REVALIDATE : "public, max-age=3600");
      },
    }),
  );
  // A build without one of these pages (older than the page) leaves its paths to the app shell.
  for (const page of PUBLIC_PAGES) {
    const file = path.join(webDist, page.file);
    if (!fs.existsSync(file)) continue;
    app.get(page.route, (_req, res) => {
      publicPageHeaders(res);
      res.sendFile(file);
    });
  }
  // The merchant app's own pages whose address carries a token (an invitation, a password reset,
  // an e-mail verification) get the same protection as the customer's pages.
  app.get(["/invite{/*token}", "/reset-password{/*token}", "/verify-email{/*token}"], (_req, res) => {
    publicPageHeaders(res);
    res.sendFile(index);
  });
  app.get("/{*path}", (req, res, next) => {
    if (req.path.startsWith("/assets/")) return next(); // the 404 handler answers
    res.setHeader("Cache-Control", REVALIDATE);
    res.sendFile(index);
  });
}
