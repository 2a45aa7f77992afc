import fs from "node:fs";
import path from "node:path";
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { createShop, ShopFixture } from "../helpers/fixtures";
import { gql } from "../helpers/graphql";
import { startTestServer, TestServer } from "../helpers/server";

const webSrc = path.resolve(__dirname, "..", "..", "web", "src");
const graphqlFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? graphqlFiles(path.join(dir, e.name)) : e.name.endsWith(".graphql") ? [path.join(dir, e.name)] : []));

const definitions: DefinitionNode[] = graphqlFiles(webSrc).flatMap((file) => parse(fs.readFileSync(file, "utf8")).definitions);
const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
const operations = definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation !== "subscription");

/** The operation as the web app sends it: with every fragment it uses. */
function documentOf(operation: OperationDefinitionNode): string {
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value)!;
        if (!used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  return [operation, ...used.values()].map((d) => print(d)).join("\n\n");
}

describe("the web app's operations", () => {
  let server: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    shop = await createShop(server);
  });
  afterAll(() => server.stop());

  it("are found", () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  // Variables are left out on purpose: the server must still parse, validate and cost the
  // document (and only then complain about variables), so limits that refuse what the app sends show up here.
  it.each(operations.map((o) => [o.name!.value, o] as const))("%s passes the server's validation and limits", async (_name, operation) => {
    const result = await gql(server.graphqlUrl, documentOf(operation), {}, shop.token);
    const refused = (result.errors ?? []).filter((e) => ["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"].includes(String(e.extensions?.code)));
    expect(refused).toEqual([]);
  });
});
