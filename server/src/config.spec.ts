import path from "node:path";
import { loadConfig } from "./config";

const root = path.resolve(__dirname, "..", "..");

describe("config", () => {
  it("defaults to the embedded SQLite file and the built web app inside the repository", () => {
    const config = loadConfig({});
    expect(config.sqlitePath).toBe(path.join(root, "data", "ruptura.sqlite"));
    expect(config.webDist).toBe(path.join(root, "dist", "web"));
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, seedDemo: true, maxPageSize: 100 });
  });

  it("reads the environment and refuses a malformed number", () => {
    expect(loadConfig({ PORT: "8080", DATABASE_URL: "mysql://x@h/db", SEED_DEMO: "false" })).toMatchObject({
      port: 8080,
      databaseUrl: "mysql://x@h/db",
      seedDemo: false,
    });
    expect(() => loadConfig({ PORT: "eighty" })).toThrow("PORT must be an integer");
  });

  it("takes REFUND_LINK_DAYS, the validity new shops start with, from 1 to 90 days", () => {
    expect(loadConfig({}).refundLinkDays).toBe(14);
    expect(loadConfig({ REFUND_LINK_DAYS: "90" }).refundLinkDays).toBe(90);
    expect(() => loadConfig({ REFUND_LINK_DAYS: "0" })).toThrow("REFUND_LINK_DAYS must be between 1 and 90");
    expect(() => loadConfig({ REFUND_LINK_DAYS: "365" })).toThrow("REFUND_LINK_DAYS must be between 1 and 90");
  });
});
