import { Readiness } from "./health";

describe("Readiness", () => {
  it("is not ready while starting, ready once marked, and stays 'stopping' from the shutdown signal on", async () => {
    const readiness = new Readiness().add("database", async () => 1);
    expect(await readiness.report()).toEqual({ ready: false, status: "starting", checks: { database: "ok" } });
    readiness.markReady();
    expect(await readiness.report()).toEqual({ ready: true, status: "ready", checks: { database: "ok" } });
    readiness.markStopping();
    readiness.markReady();
    expect(await readiness.report()).toEqual({ ready: false, status: "stopping", checks: { database: "ok" } });
  });

  it("names the dependency that fails or does not answer, and never its error", async () => {
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const readiness = new Readiness(20)
      .add("database", async () => {
        throw new Error("connect ECONNREFUSED 10.0.0.7:3306 user=root");
      })
      .add("redis", () => hanging)
      .add("other", async () => undefined)
      .markReady();
    const report = await readiness.report();
    release();
    expect(report).toEqual({ ready: false, status: "unavailable", checks: { database: "failed", redis: "timeout", other: "ok" } });
    expect(JSON.stringify(report)).not.toContain("10.0.0.7");
  });
});
