import fs from "node:fs";
import path from "node:path";
import { Browser } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOTS, signIn, WEB_DIST } from "../helpers/browser";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { startTestServer, TestServer } from "../helpers/server";

describe("the login page when logins are throttled, in a real browser", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`No built web app at ${WEB_DIST}: run "npm run build:web"`);
    // 3 wrong passwords in a row, then a 10-minute wait.
    const loginLimits = { failuresPerAccountAndAddress: 3, accountAndAddressBlockSeconds: 600, failuresPerAddress: 100, addressWindowSeconds: 86400, addressBlockSeconds: 3600 };
    server = await startTestServer("sqlite", { webDist: WEB_DIST, config: { loginLimits } });
    shop = await createShop(server);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function attempt(language: string, password: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(`localStorage.setItem("ruptura.locale", ${JSON.stringify(language)})`);
    await signIn(page, server.url, { email: shop.email, password });
    const text = await page.getByTestId("login-error").textContent();
    return { page, text };
  }

  it("says to wait, and for how long, in pt-BR, en and pl", async () => {
    for (let i = 1; i <= 3; i++) {
      const { page, text } = await attempt("pt-BR", "senha errada");
      expect(text).toBe("E-mail ou senha incorretos.");
      if (i === 1) await expectNoAxeViolations(page, "login page, wrong password");
      await page.close();
    }
    const ptBR = await attempt("pt-BR", "senha errada");
    expect(ptBR.text).toBe("Muitas tentativas de entrada sem sucesso. Tente novamente em 10 minutos.");
    await ptBR.page.screenshot({ path: path.join(SCREENSHOTS, "login-throttled.png") });
    await expectNoAxeViolations(ptBR.page, "login page, throttled (pt-BR)");
    await ptBR.page.close();
    // The right password too, while the wait lasts.
    const en = await attempt("en", shop.password);
    expect(en.text).toBe("Too many failed sign-in attempts. Try again in 10 minutes.");
    expect(en.page.url()).toMatch(/\/login$/);
    await expectNoAxeViolations(en.page, "login page, throttled (en)");
    await en.page.close();
    const pl = await attempt("pl", shop.password);
    expect(pl.text).toBe("Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 10 minut.");
    await expectNoAxeViolations(pl.page, "login page, throttled (pl)");
    await pl.page.close();
  });
});
