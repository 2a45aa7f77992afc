import http from "node:http";
import { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, any> };
  at: number;
}

/** What the receiver answers: a status and body, or "hang" (never answers). */
export type Answer = { status: number; body?: string } | "hang";

/** A real HTTP server on localhost that records every webhook POSTed to it. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (hook: ReceivedWebhook) => Answer = () => ({ status: 200, body: "ok" });
  private server!: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const hook: ReceivedWebhook = { headers, body, json: JSON.parse(body), at: Date.now() };
        this.received.push(hook);
        const answer = this.answer(hook);
        if (answer === "hang") {
          this.hanging.add(res);
          res.once("close", () => this.hanging.delete(res));
          return;
        }
        res.writeHead(answer.status, { "content-type": "text/plain" });
        res.end(answer.body ?? "");
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** How many requests are being held unanswered now ("hang"). */
  get hangingCount(): number {
    return this.hanging.size;
  }

  /** Answers every held request (a sender that died meanwhile gets nothing: its socket is gone); returns how many were held. */
  release(answer: { status: number; body?: string } = { status: 200, body: "ok" }): number {
    const held = [...this.hanging];
    this.hanging.clear();
    for (const res of held) {
      if (res.destroyed || res.writableEnded) continue;
      res.writeHead(answer.status, { "content-type": "text/plain" });
      res.end(answer.body ?? "");
    }
    return held.length;
  }

  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.json.type === type);
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
