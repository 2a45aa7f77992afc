import "reflect-metadata";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isInputObjectType, isInterfaceType, isObjectType, isIntrospectionType, isSpecifiedScalarType } from "graphql";
import { createSchema } from "../../server/src/app";
import { printContract, SCHEMA_FILE } from "../../server/src/infra/graphql/schema";

const root = path.resolve(__dirname, "..", "..");

describe("the GraphQL contract", () => {
  it("schema/schema.graphql is what the server code produces (run `npm run contract` when this fails)", async () => {
    const schema = await createSchema(null, { maxPageSize: 100 });
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(printContract(schema));
  });

  it("describes every type, field and argument: the schema is the integration documentation", async () => {
    const schema = await createSchema(null, { maxPageSize: 100 });
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
      const isRoot = ["Query", "Mutation", "Subscription"].includes(type.name);
      if (!type.description && !isRoot) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("the web app's generated operations and hooks are fresh (run `npm run codegen` when this fails)", () => {
    const codegen = path.join(root, "node_modules", ".bin", "graphql-codegen");
    const run = () => execFileSync(codegen, ["--config", "codegen.ts", "--check"], { cwd: root, stdio: "pipe" });
    expect(run).not.toThrow();
  });
});
