import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const MAIN = path.resolve(__dirname, "..", "..", "dist", "server", "main.js");

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** A raw HTTP request (fetch would refuse some of these, such as a body with a made-up encoding). */
function request(url: string, method: string, requestPath: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${requestPath}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const json = { "content-type": "application/json" };
const query = JSON.stringify({ query: "{ __typename }" });

/** Every bad request of the issue, and the status each must get. */
const badRequests: Array<[name: string, method: string, path: string, headers: Record<string, string>, body: Buffer | string | undefined, status: number]> = [
  ["a 5 MB body", "POST", "/graphql", json, JSON.stringify({ query: "{ __typename }", variables: { x: "x".repeat(5 * 1024 * 1024) } }), 413],
  ["malformed JSON", "POST", "/graphql", json, '{"query": ', 400],
  ["a null body", "POST", "/graphql", json, "null", 400],
  ["a string body", "POST", "/graphql", json, '"{ __typename }"', 400],
  ["charset=utf-16 on a UTF-8 body", "POST", "/graphql", { "content-type": "application/json; charset=utf-16" }, query, 400],
  ["charset=latin1", "POST", "/graphql", { "content-type": "application/json; charset=latin1" }, query, 415],
  ["bad gzip", "POST", "/graphql", { ...json, "content-encoding": "gzip" }, Buffer.from("this is not gzip"), 400],
  ["truncated gzip", "POST", "/graphql", { ...json, "content-encoding": "gzip" }, zlib.gzipSync(query).subarray(0, 20), 400],
  ["an unknown content-encoding", "POST", "/graphql", { ...json, "content-encoding": "snappy" }, query, 415],
  ["a text/plain body", "POST", "/graphql", { "content-type": "text/plain" }, query, 400],
  ["GET /%c0", "GET", "/%c0", {}, undefined, 400],
  ["GET /graphql/%c0", "GET", "/graphql/%c0", {}, undefined, 400],
  ["an unknown route (POST)", "POST", "/nowhere", json, query, 404],
  ["an unknown method on /graphql", "DELETE", "/graphql", {}, undefined, 405],
  ["a missing asset", "GET", "/assets/missing-0123abcd.js", {}, undefined, 404],
];

describe.each([
  ["NODE_ENV unset", undefined, undefined],
  ["NODE_ENV=production", "production", undefined],
  ["NODE_ENV=production, GRAPHQL_INTROSPECTION=false", "production", "false"],
])("HTTP error responses of a server started like `npm start` (%s)", (_name, nodeEnv, introspection) => {
  let child: ChildProcess;
  let url: string;
  let dir: string;
  let output = "";
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-http-errors-"));
    fs.mkdirSync(path.join(dir, "web", "assets"), { recursive: true });
    fs.writeFileSync(path.join(dir, "web", "index.html"), "<!doctype html><title>Ruptura</title>");
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", HOST: "127.0.0.1", SQLITE_PATH: path.join(dir, "db.sqlite"), WEB_DIST: path.join(dir, "web"), SEED_DEMO: "false", LOG_LEVEL: "silent" };
    delete env.NODE_ENV;
    if (nodeEnv) env.NODE_ENV = nodeEnv;
    if (introspection) env.GRAPHQL_INTROSPECTION = introspection;
    child = spawn(process.execPath, [MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on("data", read);
      child.stderr!.on("data", read);
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(badRequests)("%s: a short JSON error, no stack trace, path or internals", async (_case, method, requestPath, headers, body, status) => {
    const answer = await request(url, method, requestPath, headers, body);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    expect(answer.body.length).toBeLessThan(600);
    expect(answer.body).not.toMatch(/\bat \S|node_modules|\/work\/|\/tmp\/|\.js:\d|<html|<pre|Error:|stack/i);
    const parsed = JSON.parse(answer.body);
    const code = requestPath.startsWith("/graphql") ? parsed.errors?.[0]?.extensions?.code : parsed.error?.code;
    expect(code).toMatch(/^[A-Z_]+$/);
    expect(output).not.toMatch(/PayloadTooLargeError|SyntaxError|at readStream/);
  });

  it(introspection === "false" ? "refuses introspection when GRAPHQL_INTROSPECTION=false" : "allows introspection by default, whatever NODE_ENV is", async () => {
    const answer = await request(url, "POST", "/graphql", json, JSON.stringify({ query: "{ __schema { queryType { name } } }" }));
    if (introspection === "false") {
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    } else {
      expect(JSON.parse(answer.body)).toEqual({ data: { __schema: { queryType: { name: "Query" } } }, extensions: { cost: expect.any(Object) } });
    }
  });

  it("the app shell and the API still answer normally", async () => {
    expect((await request(url, "GET", "/orders/42")).body).toContain("<title>Ruptura</title>");
    const answer = await request(url, "POST", "/graphql", json, query);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { __typename: "Query" }, extensions: { cost: expect.any(Object) } });
  });
});
