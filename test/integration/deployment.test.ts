import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { createTestDatabase } from "../helpers/databases";
import { freePort, spawnServer } from "../helpers/server-process";
import { SERVER_NODE_FLAGS } from "../../server/src/node-flags";

/**
 * docker-compose.yml and deploy/Caddyfile cannot be run here (no Docker engine), so what can go
 * wrong in them without anyone noticing is checked against the code: every setting the instances
 * get is one the server reads, the proxy sends traffic to exactly the server instances and checks
 * a path the server answers, and the instances share what they must share.
 */
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, "..", "..");
const compose = parse(fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; volumes?: string[]; depends_on?: Record<string, unknown>; ports?: string[] }>;
};
const caddyfile = fs.readFileSync(path.join(ROOT, "deploy", "Caddyfile"), "utf8");
const configSource = fs.readFileSync(path.join(ROOT, "server", "src", "config.ts"), "utf8");

const instances = Object.entries(compose.services).filter(([, s]) => s.environment?.DATABASE_URL);

describe("docker-compose.yml: the whole platform", () => {
  it("runs two instances of one image over MySQL and Redis", () => {
    expect(instances.map(([name]) => name).sort()).toEqual(["server-a", "server-b"]);
    for (const [, service] of instances) {
      expect(service.image).toBe(instances[0]![1].image);
      expect(service.environment!.DATABASE_URL).toMatch(/^mysql:\/\/[^@]+@mysql:3306\//);
      expect(service.environment!.REDIS_URL).toBe("redis://redis:6379");
      expect(Object.keys(service.depends_on ?? {}).sort()).toEqual(["mailpit", "mysql", "redis"]);
      // The generated data key must be the same for every instance: one shared volume.
      expect(service.volumes).toContain("server-data:/app/data");
      // Only the proxy is published.
      expect(service.ports).toBeUndefined();
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["proxy", "mysql", "redis", "mailpit"]));
  });

  it("gives the instances only settings the server reads", () => {
    for (const [, service] of instances) {
      for (const name of Object.keys(service.environment!)) {
        expect([name, configSource.includes(`env.${name}`) || configSource.includes(`"${name}"`)]).toEqual([name, true]);
      }
    }
  });

  it("puts Caddy in front of exactly those instances, checking a path the built server answers", async () => {
    const upstreams = /reverse_proxy\s+([^{\n]+)\{/.exec(caddyfile)![1]!.trim().split(/\s+/);
    expect(upstreams.sort()).toEqual(instances.map(([name]) => `${name}:4000`).sort());
    const healthPath = /health_uri\s+(\S+)/.exec(caddyfile)![1]!;
    const testDb = await createTestDatabase("sqlite");
    const server = await spawnServer(testDb, await freePort());
    try {
      expect((await fetch(`${server.url}${healthPath}`)).status).toBe(200);
    } finally {
      await server.kill("SIGKILL");
      await testDb.drop();
    }
    expect(compose.services.proxy!.ports).toEqual(["4000:4000"]);
    expect(compose.services.proxy!.volumes).toContain("./deploy/Caddyfile:/etc/caddy/Caddyfile:ro");
  });
});

describe("the server's Node flags (server/src/node-flags.ts)", () => {
  it("are the same in npm start and the Dockerfile (the benchmarks and tests import them)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain(`node ${SERVER_NODE_FLAGS.join(" ")} dist/server/main.js`);
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8"))?.[1];
    expect(JSON.parse(cmd ?? "[]")).toEqual(["node", ...SERVER_NODE_FLAGS, "dist/server/main.js"]);
  });
});
