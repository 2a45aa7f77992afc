import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { startTestServer, TestServer } from "../helpers/server";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent, still compressed. */
  raw: Buffer;
  /** The body decoded from its content-encoding. */
  text: string;
}

/** A real HTTP request that says which encodings it accepts (fetch would decode silently). */
function get(url: string, acceptEncoding: string | null, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}), ...options.headers };
    const req = http.request(url, { method: options.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const decoded = encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "gzip" ? zlib.gunzipSync(raw) : raw;
        resolve({ status: res.statusCode!, headers: res.headers, raw, text: decoded.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("serving the built web app", () => {
  let server: TestServer;
  let shop: ShopFixture;
  let webDist: string;
  // Over 1 kB, so compression applies to it as to the app shell.
  const refundPage = `<!doctype html><html><head><title>Reembolso</title><script type="module" src="/assets/refund-9b8e7d6c.js"></script></head><body><div id="root"></div><!--${"x".repeat(4000)}--></body></html>`;
  const orderPage = refundPage.replace("<title>Reembolso</title>", "<title>Seu pedido</title>");
  const script = `export const app = () => ${JSON.stringify(Array.from({ length: 4000 }, (_, i) => ({ key: `label.${i}`, text: "Pedidos sem estoque" })))};\n`;
  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-web-"));
    fs.mkdirSync(path.join(webDist, "assets"));
    fs.writeFileSync(path.join(webDist, "index.html"), `<!doctype html><html><head><title>Ruptura</title><script type="module" src="/assets/index-3f9a1c2b.js"></script></head><body><div id="root"></div></body></html>`);
    fs.writeFileSync(path.join(webDist, "assets", "index-3f9a1c2b.js"), script);
    fs.writeFileSync(path.join(webDist, "refund.html"), refundPage);
    fs.writeFileSync(path.join(webDist, "order.html"), orderPage);
    server = await startTestServer("sqlite", { webDist });
    const skus: Record<string, [number, number]> = {};
    for (let i = 0; i < 100; i++) skus[`SKU-${String(i).padStart(3, "0")}`] = [1990, 5];
    shop = await createShop(server, skus);
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it.each([
    ["br, gzip", "br"],
    ["gzip, deflate", "gzip"],
  ])("hashed assets are compressed for Accept-Encoding %s and cached for a year, immutable", async (accept, encoding) => {
    const answer = await get(`${server.url}/assets/index-3f9a1c2b.js`, accept);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe(encoding);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(answer.text).toBe(script);
    expect(answer.raw.length).toBeLessThan(script.length / 5);
  });

  it("a client that accepts no compression gets the plain file", async () => {
    const answer = await get(`${server.url}/assets/index-3f9a1c2b.js`, null);
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.text).toBe(script);
  });

  it.each(["/", "/orders/42", "/index.html"])("the app shell at %s is never cached stale (no-cache)", async (page) => {
    const answer = await get(`${server.url}${page}`, "gzip");
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("<title>Ruptura</title>");
    expect(answer.headers["cache-control"]).toBe("no-cache");
  });

  const token = "Qm9uLWRpYS1jbGllbnRlLTEyMzQ1Njc4OTAxMjM0NTY3";

  it.each([`/refund/${token}`, `/refund/${token}/`, "/refund", "/refund/", "/refund.html"])(
    "%s is the customer's refund page: compressed, never stored, no referrer, not indexed",
    async (page) => {
      const answer = await get(`${server.url}${page}`, "gzip");
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(refundPage);
      expect(answer.headers["content-type"]).toMatch(/^text\/html/);
      expect(answer.headers["content-encoding"]).toBe("gzip");
      expect(answer.headers["cache-control"]).toBe("no-store");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
      expect(answer.headers["x-robots-tag"]).toMatch(/^noindex/);
    },
  );

  it.each([`/order/${token}`, `/order/${token}/`, "/order", "/order.html"])(
    "%s is the customer's order page: compressed, never stored, no referrer, not indexed",
    async (page) => {
      const answer = await get(`${server.url}${page}`, "gzip");
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(orderPage);
      expect(answer.headers["content-encoding"]).toBe("gzip");
      expect(answer.headers["cache-control"]).toBe("no-store");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
      expect(answer.headers["x-robots-tag"]).toMatch(/^noindex/);
    },
  );

  it.each([`/invite/${token}`, `/reset-password/${token}`, `/verify-email/${token}`])("%s is the app shell, never stored, no referrer, not indexed (its address carries a token)", async (page) => {
    const answer = await get(`${server.url}${page}`, "gzip");
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("<title>Ruptura</title>");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.headers["referrer-policy"]).toBe("no-referrer");
    expect(answer.headers["x-robots-tag"]).toMatch(/^noindex/);
  });

  it("HEAD /refund/<token> answers like GET, without a body", async () => {
    const answer = await get(`${server.url}/refund/${token}`, null, { method: "HEAD" });
    expect(answer.status).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.raw.length).toBe(0);
  });

  it.each(["/refunds", "/refunds/42", "/refundx/abc", "/orders/42/refund/abc", "/orders", "/orders/42", "/orders-without-stock"])("%s stays with the merchant app", async (page) => {
    const answer = await get(`${server.url}${page}`, "gzip");
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("<title>Ruptura</title>");
    expect(answer.headers["cache-control"]).toBe("no-cache");
    expect(answer.headers["referrer-policy"]).toBeUndefined();
    expect(answer.headers["x-robots-tag"]).toBeUndefined();
  });

  it("the refund page's assets are cached like the app's, and a POST to it is not a page", async () => {
    fs.writeFileSync(path.join(webDist, "assets", "refund-9b8e7d6c.js"), script);
    const asset = await get(`${server.url}/assets/refund-9b8e7d6c.js`, "gzip");
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const post = await get(`${server.url}/refund/${token}`, null, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(post.status).toBe(404);
  });

  it("/graphql compresses large answers and leaves small ones alone", async () => {
    const post = (query: string) =>
      get(`${server.url}/graphql`, "br, gzip", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${shop.token}` }, body: JSON.stringify({ query }) });
    const small = await post(`{ me { email } }`);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small.text).data.me.email).toBe(shop.email);
    const large = await post(`{ skus(first: 100) { nodes { id code name price { amount currency } stock { onHand allocated available } } } }`);
    expect(large.text.length).toBeGreaterThan(8 * 1024);
    expect(large.headers["content-encoding"]).toMatch(/^(br|gzip)$/);
    expect(JSON.parse(large.text).data.skus.nodes).toHaveLength(100);
  });
});

describe("serving a web build that has no refund page", () => {
  it("leaves /refund/<token> to the app shell", async () => {
    const webDist = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-web-"));
    fs.writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>Ruptura</title>");
    const server = await startTestServer("sqlite", { webDist });
    try {
      const answer = await get(`${server.url}/refund/abc`, null);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain("<title>Ruptura</title>");
      expect(answer.headers["cache-control"]).toBe("no-cache");
    } finally {
      await server.stop();
      fs.rmSync(webDist, { recursive: true, force: true });
    }
  });
});
