import fs from "node:fs";
import path from "node:path";
import { Browser, Page, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Screenshots of browser tests land here, for people to look at. */
export const SCREENSHOTS = path.resolve(__dirname, "..", "..", "test-results");

/** Debian's Chromium, headless, never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Headless Chromium gives a tab that is not in front about two frames a second, and Playwright
      // waits for an element to keep its box over two frames before it clicks: with a second window
      // open (a watcher, a customer's phone), every click in the other took about 2 s.
      "--disable-frame-rate-limit",
    ],
  });
}

/** The built web app (npm test builds it first). */
export const WEB_DIST = path.resolve(__dirname, "..", "..", "dist", "web");

/** Fills in and sends the login form at `${baseUrl}/login`; the caller waits for what should follow. */
export async function signIn(page: Page, baseUrl: string, credentials: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId("login-email").fill(credentials.email);
  await page.getByTestId("login-password").fill(credentials.password);
  await page.getByTestId("login-form").locator("button[type=submit]").click();
}

/** A desk page at 1280×900 in pt-BR, signed in and past the login page: how most browser tests start. */
export async function signedInPage(browser: Browser, baseUrl: string, credentials: { email: string; password: string }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "pt-BR" });
  await signIn(page, baseUrl, credentials);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}
