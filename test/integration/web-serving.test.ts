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
  const script = `export const app = () => ${JSON.stringify(Array.from({ length: 4000 }, (_, i) => ({ key: `label.${i}`, text: "Pedidos sem estoque" })))};\n`;
  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-web-"));
    fs.mkdirSync(path.join(webDist, "assets"));
    fs.writeFileSync(path.join(webDist, "index.html"), `<!doctype html><html><head><title>Ruptura</title><script type="module" src="/assets/index-3f9a1c2b.js"></script></head><body><div id="root"></div></body></html>`);
    fs.writeFileSync(path.join(webDist, "assets", "index-3f9a1c2b.js"), script);
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
