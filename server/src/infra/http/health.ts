import express from "express";

/** A dependency /readyz asks: resolves when it answers, rejects (or runs past the timeout) when not. */
export type DependencyCheck = () => Promise<unknown>;

/** How long /readyz waits for each dependency before calling it down. */
export const READINESS_CHECK_TIMEOUT_MS = 2000;

type Phase = "starting" | "ready" | "stopping";
type CheckResult = "ok" | "failed" | "timeout";

/**
 * Whether this instance should be sent traffic: "starting" until boot is complete, "ready" while
 * every named dependency answers, "stopping" from the first shutdown signal (so the load balancer
 * stops routing here before the listener closes). Dependencies are added by name, one line each
 * (the database; Redis when REDIS_URL is set).
 */
export class Readiness {
  private phase: Phase = "starting";
  private readonly checks = new Map<string, DependencyCheck>();

  constructor(private readonly timeoutMs = READINESS_CHECK_TIMEOUT_MS) {}

  /** Adds a dependency /readyz asks on every call, under a short, non-sensitive name ("database"). */
  add(name: string, check: DependencyCheck): this {
    this.checks.set(name, check);
    return this;
  }

  /** Boot is complete: from now on /readyz answers by the dependencies. */
  markReady(): this {
    if (this.phase === "starting") this.phase = "ready";
    return this;
  }

  /** Shutdown began: /readyz answers 503 from now on, whatever the dependencies say. */
  markStopping(): void {
    this.phase = "stopping";
  }

  get state(): Phase {
    return this.phase;
  }

  private async run(check: DependencyCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckResult>((resolve) => (timer = setTimeout(() => resolve("timeout"), this.timeoutMs)));
    try {
      return await Promise.race([
        Promise.resolve()
          .then(check)
          .then(
            () => "ok" as const,
            () => "failed" as const,
          ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What /readyz answers: each dependency's state by name, never an error message or an address. */
  async report(): Promise<{ ready: boolean; status: Phase | "unavailable"; checks: Record<string, CheckResult> }> {
    const names = [...this.checks.keys()];
    const results = await Promise.all(names.map((name) => this.run(this.checks.get(name)!)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    const healthy = results.every((result) => result === "ok");
    // The phase is read after the checks: a shutdown that began meanwhile wins.
    const phase = this.phase;
    if (phase !== "ready") return { ready: false, status: phase, checks };
    return { ready: healthy, status: healthy ? "ready" : "unavailable", checks };
  }
}

/** Paths that are not API calls: not logged per request, not counted in the request metrics. */
export const PROBE_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * `/healthz`: liveness, the process answers (no dependency is asked, so a database outage never
 * gets every instance restarted). `/readyz`: 200 when this instance takes traffic, 503 while
 * starting, shutting down or while a dependency does not answer. Neither needs a login; neither
 * says more than states by name.
 */
export function mountHealth(app: express.Express, readiness: Readiness): void {
  app.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ ok: true });
  });
  app.get("/readyz", async (_req, res) => {
    const report = await readiness.report();
    res.setHeader("Cache-Control", "no-store");
    res.status(report.ready ? 200 : 503).json({ status: report.status, checks: report.checks });
  });
}
