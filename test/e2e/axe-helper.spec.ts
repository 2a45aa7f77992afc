import { Browser, Page } from "playwright-core";
import { expectNoAxeViolations } from "../helpers/axe";
import { launchBrowser } from "../helpers/browser";

/** The accessibility check the other browser tests rely on can fail, and says why. */
describe("expectNoAxeViolations", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage(); // browser.newPage, as in the tests that use the helper
  });
  afterAll(() => browser?.close());

  it("passes a page without WCAG A/AA violations", async () => {
    await page.setContent(`<!doctype html><html lang="pt-BR"><head><title>Ok</title></head><body><main><h1>Pedidos</h1><button>Salvar</button></main></body></html>`);
    await expectNoAxeViolations(page, "a clean page");
  });

  it("fails with the rule, the impact and the element of each violation", async () => {
    await page.setContent(
      `<!doctype html><html><head><title>Bad</title></head><body><main><h1>Pedidos</h1>` +
        `<button class="icon"></button><p style="color:#aaa;background:#fff">Texto claro demais</p>` +
        `<input id="qty" type="number"></main></body></html>`,
    );
    const failure = await expectNoAxeViolations(page, "a page with faults").then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toContain("a page with faults");
    expect(failure).toMatch(/html-has-lang \[serious\]/);
    expect(failure).toMatch(/button-name \[critical\][^\n]*\n\s*- button: /);
    expect(failure).toMatch(/color-contrast \[serious\][^\n]*\n\s*- p: .*contrast of 2\.32/);
    expect(failure).toMatch(/label \[critical\][^\n]*\n\s*- #qty: /);
  });

  it("fails when a background gradient keeps axe from checking the contrast of text", async () => {
    // axe leaves such text "incomplete", not violated: the page would pass with its contrast unchecked.
    await page.setContent(
      `<!doctype html><html lang="pt-BR"><head><title>Gradient</title></head>` +
        `<body style="margin:0;background:linear-gradient(to right,#0f3d3e 240px,transparent 240px)"><main><h1 style="margin-left:300px">Pedidos</h1></main></body></html>`,
    );
    await expect(expectNoAxeViolations(page, "text over a gradient")).rejects.toThrow(/color-contrast \(unchecked\)[^\n]*plain background[^\n]*\n\s*- h1: .*background gradient/);
  });
});
