import fs from "node:fs";
import path from "node:path";
import compression from "compression";
import express, { Express, Response } from "express";

/** Vite names every file under assets/ by its content hash: a new build means new names. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** The app shell names the current assets, so the browser must revalidate it every time. */
const REVALIDATE = "no-cache";

/** The customer's refund page: its own Vite entry (web/refund.html), served at /refund/<token>. */
const REFUND_PAGE = "refund.html";
/**
 * The refund page's address carries its token: the page is never stored by the browser or a proxy,
 * never sends its address on as a referrer (the assets and /graphql it loads included), and is
 * never indexed.
 */
function refundPageHeaders(res: Response): void {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Robots-Tag", "noindex, nofollow");
}

/**
 * The built web app at `/`, compressed (brotli or gzip, as the browser accepts), hashed assets
 * cached for a year, the app shell revalidated. Client-side routes (/orders/42) get the app shell;
 * /refund and /refund/<token> get the customer's refund page (no merchant code; see
 * refundPageHeaders); a missing file under /assets is a 404, not the shell. A missing build serves
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
  const refundPage = path.join(webDist, REFUND_PAGE);
  app.use(compression());
  app.use(
    express.static(webDist, {
      index: false,
      setHeaders: (res, file) => {
        const relative = path.relative(webDist, file);
        if (relative === REFUND_PAGE) return refundPageHeaders(res);
        res.setHeader("Cache-Control", relative.startsWith(`assets${path.sep}`) ? IMMUTABLE : relative === "index.html" ? REVALIDATE : "public, max-age=3600");
      },
    }),
  );
  // A build without the refund page (older than the page) leaves /refund/* to the app shell.
  if (fs.existsSync(refundPage)) {
    app.get("/refund{/*token}", (_req, res) => {
      refundPageHeaders(res);
      res.sendFile(refundPage);
    });
  }
  app.get("/{*path}", (req, res, next) => {
    if (req.path.startsWith("/assets/")) return next(); // the 404 handler answers
    res.setHeader("Cache-Control", REVALIDATE);
    res.sendFile(index);
  });
}
