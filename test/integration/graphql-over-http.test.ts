import fs from "node:fs";
import path from "node:path";
import { AuditResult, serverAudits } from "graphql-http";
import { databaseKinds } from "../helpers/databases";
import { startTestServer, TestServer } from "../helpers/server";

/**
 * The GraphQL over HTTP specification, checked by the `graphql-http` package's own server audits
 * against the real server: every MUST passes; a SHOULD or MAY that fails is listed, with the
 * reason, in docs/integrations.md ("GraphQL over HTTP"), and the list is exactly what fails, so it
 * stays true both ways (a new failure fails this test, and so does a listed one that now passes).
 */

const DOC = path.resolve(__dirname, "..", "..", "docs", "integrations.md");

interface ListedAudit {
  id: string;
  name: string;
  reason: string;
}

/** The rows `| \`ID\` | name | reason |` under each `###` heading of the doc's "GraphQL over HTTP" section. */
function listedAudits(): Map<string, ListedAudit[]> {
  const text = fs.readFileSync(DOC, "utf8");
  const start = text.indexOf("\n## GraphQL over HTTP\n");
  if (start < 0) throw new Error('docs/integrations.md has no "## GraphQL over HTTP" section');
  const end = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const byHeading = new Map<string, ListedAudit[]>();
  let heading = "";
  for (const line of section.split("\n")) {
    const h = /^### (.+)$/.exec(line);
    if (h) {
      heading = h[1]!.trim();
      continue;
    }
    const row = /^\|\s*`([0-9A-Z]{4})`\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|$/.exec(line);
    if (!row) continue;
    const rows = byHeading.get(heading) ?? [];
    rows.push({ id: row[1]!, name: row[2]!, reason: row[3]! });
    byHeading.set(heading, rows);
  }
  return byHeading;
}

const SHOULD_HEADING = "Recommendations (SHOULD) we do not follow";
const MAY_HEADING = "Optional features (MAY) we do not offer";
const INTROSPECTION_OFF_HEADING = "With GRAPHQL_INTROSPECTION=false";

/** What a response must never show, whatever NODE_ENV is: stack frames, file paths, SQL. */
const LEAK = /\bat .+:\d+:\d+|\/(?:work|home|usr|tmp|app)\/|node_modules|\.[jt]s:\d+|\b(?:SELECT|INSERT|UPDATE|DELETE)\s.+\b(?:FROM|INTO|SET)\b|sqlite|mysql|mariadb|typeorm/i;

interface AuditRun {
  results: AuditResult[];
  /** Every response body the audits received. */
  bodies: string[];
}

async function runAudits(url: string): Promise<AuditRun> {
  const bodies: string[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await fetch(input, init);
    bodies.push(await response.clone().text());
    return response;
  };
  const results: AuditResult[] = [];
  for (const audit of serverAudits({ url, fetchFn })) results.push(await audit.fn());
  return { results, bodies };
}

const level = (result: AuditResult) => result.name.split(" ")[0] as "MUST" | "SHOULD" | "MAY";
const failed = (results: AuditResult[], which: "MUST" | "SHOULD" | "MAY") =>
  results.filter((r) => r.status !== "ok" && level(r) === which);
const describeFailure = (r: AuditResult) => `${r.id} ${r.name}: ${r.status === "ok" ? "ok" : r.reason}`;
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();

/** Starts a server with NODE_ENV set as given (the validation rules read it at start). */
async function startWithNodeEnv(kind: "sqlite" | "mysql", nodeEnv: string | undefined, options: { introspection?: boolean } = {}): Promise<TestServer> {
  const previous = process.env.NODE_ENV;
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  try {
    return await startTestServer(kind, options);
  } finally {
    process.env.NODE_ENV = previous;
  }
}

describe("docs/integrations.md lists the audits it explains", () => {
  it("every listed audit exists in graphql-http, under its own name and level", () => {
    const known = new Map(serverAudits({ url: "http://127.0.0.1:1/graphql" }).map((a) => [a.id, a.name]));
    const listed = listedAudits();
    const wrong: string[] = [];
    for (const [heading, rows] of listed) {
      for (const row of rows) {
        if (known.get(row.id) !== row.name) wrong.push(`${heading}: ${row.id} is "${known.get(row.id) ?? "no such audit"}", the doc says "${row.name}"`);
        const expected = heading === SHOULD_HEADING ? "SHOULD" : heading === MAY_HEADING ? "MAY" : null;
        if (expected && !row.name.startsWith(`${expected} `)) wrong.push(`${heading}: ${row.id} is not a ${expected}`);
        if (row.reason.length < 20) wrong.push(`${heading}: ${row.id} needs a reason`);
      }
    }
    expect(wrong).toEqual([]);
    expect(listed.has(SHOULD_HEADING)).toBe(true);
  });
});

describe.each(databaseKinds())("GraphQL over HTTP: graphql-http's server audits (%s)", (kind) => {
  describe("as the tests and a default start run it (introspection on)", () => {
    let server: TestServer;
    let run: AuditRun;
    beforeAll(async () => {
      server = await startWithNodeEnv(kind, undefined);
      run = await runAudits(server.graphqlUrl);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("passes every MUST", () => {
      expect(failed(run.results, "MUST").map(describeFailure)).toEqual([]);
    });

    it("fails exactly the SHOULDs the doc lists, each with its reason", () => {
      const listed = listedAudits().get(SHOULD_HEADING) ?? [];
      expect(failed(run.results, "SHOULD").map(describeFailure).sort()).toEqual(
        run.results.filter((r) => ids(listed).includes(r.id)).map(describeFailure).sort(),
      );
      expect(ids(failed(run.results, "SHOULD"))).toEqual(ids(listed));
    });

    it("fails exactly the MAYs the doc lists", () => {
      expect(ids(failed(run.results, "MAY"))).toEqual(ids(listedAudits().get(MAY_HEADING) ?? []));
    });

    it("never answers a stack trace, a file path or SQL", () => {
      expect(run.bodies.length).toBeGreaterThan(50);
      expect(run.bodies.filter((b) => LEAK.test(b))).toEqual([]);
    });
  });

  describe("with NODE_ENV=production (introspection on, as by default)", () => {
    let server: TestServer;
    let run: AuditRun;
    beforeAll(async () => {
      server = await startWithNodeEnv(kind, "production");
      run = await runAudits(server.graphqlUrl);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("passes every MUST and fails only the SHOULDs and MAYs listed for every server", () => {
      expect(failed(run.results, "MUST").map(describeFailure)).toEqual([]);
      const listed = listedAudits();
      const everywhere = [...(listed.get(SHOULD_HEADING) ?? []), ...(listed.get(MAY_HEADING) ?? [])];
      expect(ids(run.results.filter((r) => r.status !== "ok"))).toEqual(ids(everywhere));
    });

    it("never answers a stack trace, a file path or SQL", () => {
      expect(run.bodies.filter((b) => LEAK.test(b))).toEqual([]);
    });
  });

  describe("with NODE_ENV=production and GRAPHQL_INTROSPECTION=false", () => {
    let server: TestServer;
    let run: AuditRun;
    beforeAll(async () => {
      server = await startWithNodeEnv(kind, "production", { introspection: false });
      run = await runAudits(server.graphqlUrl);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("fails only what the doc lists for introspection off besides the lists above, and only because its query introspects", async () => {
      const listed = listedAudits();
      const introspectionOff = listed.get(INTROSPECTION_OFF_HEADING) ?? [];
      expect(introspectionOff.length).toBeGreaterThan(0);
      const everywhere = [...(listed.get(SHOULD_HEADING) ?? []), ...(listed.get(MAY_HEADING) ?? [])];
      expect(ids(run.results.filter((r) => r.status !== "ok"))).toEqual(ids([...everywhere, ...introspectionOff]));
      for (const result of run.results.filter((r) => introspectionOff.some((p) => p.id === r.id))) {
        if (result.status === "ok") continue;
        const body = (await result.response.clone().json()) as { errors?: Array<{ message: string }> };
        expect({ id: result.id, message: body.errors?.[0]?.message }).toEqual({ id: result.id, message: expect.stringMatching(/^Introspection is disabled/) });
      }
    });

    it("never answers a stack trace, a file path or SQL", () => {
      expect(run.bodies.filter((b) => LEAK.test(b))).toEqual([]);
    });
  });
});

describe("GraphQL over HTTP as docs/integrations.md describes it", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
  });
  afterAll(async () => {
    await server.stop();
  });

  const get = (params: Record<string, string>, headers: Record<string, string> = {}) => {
    const url = new URL(server.graphqlUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return fetch(url, { headers });
  };

  it("answers a GET query that carries a CSRF-preventing header, and refuses one without it", async () => {
    const query = { query: "query Q($n: String!) { __type(name: $n) { name } }", variables: JSON.stringify({ n: "Order" }) };
    const allowed = await get(query, { "apollo-require-preflight": "true" });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { __type: { name: "Order" } }, extensions: { cost: expect.objectContaining({ requestedQueryCost: 1 }) } });
    for (const headers of [{ "content-type": "application/json" }, { "x-apollo-operation-name": "Q" }] as Array<Record<string, string>>) {
      expect({ headers, status: (await get(query, headers)).status }).toEqual({ headers, status: 200 });
    }
    const blocked = await get(query);
    expect(blocked.status).toBe(400);
    expect(((await blocked.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe("BAD_REQUEST");
  });

  it("refuses a mutation over GET with 405", async () => {
    const response = await get({ query: "mutation { logout { userErrors { code } } }" }, { "apollo-require-preflight": "true" });
    expect(response.status).toBe(405);
  });

  it("answers application/graphql-response+json when asked, with 400 for a document that does not validate", async () => {
    const response = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: "{ nope }" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("answers an unauthenticated query with 200 and the UNAUTHENTICATED error", async () => {
    const response = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: "{ me { email } }" }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a batch (a JSON array) with 400", async () => {
    const response = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
    });
    expect(response.status).toBe(400);
  });
});

describe.each(databaseKinds())("GraphQL answers are never cached (%s)", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.stop());

  it("says Cache-Control: no-store on an answer, a validation error and a parse error, over POST and GET", async () => {
    const post = (query: string) => fetch(server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    const answers = [
      await post("{ __typename }"),
      await post("{ noSuchField }"),
      await post("{ unclosed"),
      await fetch(`${server.graphqlUrl}?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: "application/graphql-response+json", "apollo-require-preflight": "true" } }),
    ];
    expect(answers.map((a) => [a.status, a.headers.get("cache-control")])).toEqual([
      [200, "no-store"],
      [400, "no-store"],
      [400, "no-store"],
      [200, "no-store"],
    ]);
  });
});
