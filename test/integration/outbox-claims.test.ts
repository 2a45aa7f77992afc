import { createServices } from "../../server/src/app";
import { Database } from "../../server/src/infra/db/database";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { claimSelect } from "../../server/src/infra/outbox/claim";
import { OutboxDispatcher, OutboxMessage, outboxTableSource } from "../../server/src/infra/outbox/outbox";
import { createLogger } from "../../server/src/infra/logging/logger";
import { inOneRoundTrip, SourceLease } from "../../server/src/infra/outbox/source-lease";
import { openAppDatabase } from "../../server/src/persistence";
import { createTestDatabase, databaseKinds, TestDatabase } from "../helpers/databases";

/**
 * The claim protocol of the delivery loops (issue 17, point 1) at the level of the database: two
 * "instances" (two connections with their own owner) claim webhook deliveries and customer e-mail
 * from one database; every row goes to exactly one of them. On MySQL/MariaDB a claim whose
 * transaction is still open holds its rows, and the other claimer skips them (SKIP LOCKED) instead
 * of waiting. Source leases: one reader of a log at a time, taken over when the holder's lease ends.
 */
jest.setTimeout(60_000);

const ROWS = 120;

async function seed(db: Database): Promise<void> {
  const now = sqlTimestamp(new Date(Date.now() - 1000));
  await db.transaction(async (tx) => {
    await tx.run(
      "INSERT INTO webhook_endpoint (shop_id, url, event_types, secret, enabled, created_at, updated_at) VALUES (1, 'http://127.0.0.1:9/hooks', 'order.placed', 'x', ?, ?, ?)",
      [1, now, now],
    );
    const [endpoint] = await tx.query<{ id: number }>("SELECT MAX(id) AS id FROM webhook_endpoint");
    for (let i = 1; i <= ROWS; i++) {
      // Each delivery its own order, so none waits for another of the same order.
      await tx.run(
        "INSERT INTO webhook_delivery (shop_id, endpoint_id, event_id, event_type, order_key, status, attempts, max_attempts, next_attempt_at, created_at) VALUES (1, ?, ?, 'order.placed', ?, 'PENDING', 0, 8, ?, ?)",
        [endpoint!.id, i, `order:${i}`, now, now],
      );
      await tx.run(
        "INSERT INTO customer_message (shop_id, order_id, order_number, kind, source_type, source_id, status, recipient, locale, attempts, next_attempt_at, created_at) VALUES (1, ?, ?, 'ORDER_CONFIRMATION', 'order_event', ?, 'PENDING', 'a@example.com', 'pt-BR', 0, ?, ?)",
        [i, i, i, now, now],
      );
    }
  });
}

describe.each(databaseKinds())("claiming outbox work on %s", (kind) => {
  let testDb: TestDatabase;
  let a: Database;
  let b: Database;

  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    a = await openAppDatabase(testDb.options);
    // SQLite is one instance: both claimers share its one connection (and its transaction turns).
    b = kind === "mysql" ? await openAppDatabase(testDb.options) : a;
    await seed(a);
  });
  afterEach(async () => {
    if (b !== a) await b.close();
    await a.close();
    await testDb.drop();
  });

  it("two claimers of webhook deliveries and e-mails take disjoint batches that together cover every row", async () => {
    const instances = [
      { name: "instance-a", services: createServices(a, { sessionTtlHours: 1, instanceId: "instance-a" }) },
      { name: "instance-b", services: createServices(b, { sessionTtlHours: 1, instanceId: "instance-b" }) },
    ];
    const claimed = new Map<string, { webhooks: number[]; mail: number[] }>(instances.map((i) => [i.name, { webhooks: [], mail: [] }]));
    // Both claim at once, in small batches, until nothing is left.
    await Promise.all(
      instances.map(async ({ name, services }) => {
        for (;;) {
          const [deliveries, messages] = await Promise.all([services.webhooks.claimDue(8), services.notifications.claimDue(5)]);
          if (deliveries.length === 0 && messages.length === 0) return;
          claimed.get(name)!.webhooks.push(...deliveries.map((d) => Number(d.id)));
          claimed.get(name)!.mail.push(...messages.map((m) => Number(m.id)));
        }
      }),
    );
    for (const table of ["webhooks", "mail"] as const) {
      const ofA = claimed.get("instance-a")![table];
      const ofB = claimed.get("instance-b")![table];
      expect(ofA.filter((id) => ofB.includes(id))).toEqual([]);
      expect(new Set([...ofA, ...ofB]).size).toBe(ROWS);
      expect(ofA.length + ofB.length).toBe(ROWS);
    }
    // Each row names its claimer, and is not due until its lease ends.
    for (const [table, key] of [
      ["webhook_delivery", "webhooks"],
      ["customer_message", "mail"],
    ] as const) {
      const rows = await a.query<{ id: number; lease_owner: string }>(`SELECT id, lease_owner FROM ${table} ORDER BY id`);
      for (const row of rows) expect(claimed.get(row.lease_owner)![key]).toContain(Number(row.id));
    }
    expect(await instances[0]!.services.webhooks.claimDue(8)).toEqual([]);
    expect(await instances[1]!.services.notifications.claimDue(8)).toEqual([]);
  });

  if (kind === "mysql") {
    it("a claim still open holds its rows: the other claimer skips them without waiting (SKIP LOCKED)", async () => {
      const mine = createServices(a, { sessionTtlHours: 1, instanceId: "instance-a" });
      const other = createServices(b, { sessionTtlHours: 1, instanceId: "instance-b" });
      const first: number[] = [];
      let second: number[] = [];
      await a.claimTransaction(async (tx) => {
        // The very claim the services run, held open.
        const select = claimSelect(mine.webhooks.dueClaim(8), tx);
        const rows = await tx.query<{ id: number }>(select.sql, select.params);
        first.push(...rows.map((r) => Number(r.id)));
        // While these 8 are locked (this transaction is open), the other instance claims: it gets
        // the next 8 at once; without SKIP LOCKED it would wait here for this transaction, which
        // waits for it (a lock wait timeout after 50 s).
        second = (await other.webhooks.claimDue(8)).map((d) => Number(d.id));
      });
      expect(first).toHaveLength(8);
      expect(second).toHaveLength(8);
      expect(second.filter((id) => first.includes(id))).toEqual([]);
      expect(Math.min(...second)).toBeGreaterThan(Math.max(...first));
      // And the customer e-mail claim likewise.
      const mail: number[] = [];
      let otherMail: number[] = [];
      await a.claimTransaction(async (tx) => {
        const select = claimSelect(mine.notifications.dueClaim(5), tx);
        mail.push(...(await tx.query<{ id: number }>(select.sql, select.params)).map((r) => Number(r.id)));
        otherMail = (await other.notifications.claimDue(5)).map((m) => Number(m.id));
      });
      expect(mail).toHaveLength(5);
      expect(otherMail).toHaveLength(5);
      expect(otherMail.filter((id) => mail.includes(id))).toEqual([]);
    });
  }

  it("a source's lease has one holder at a time, and is taken over once it runs out", async () => {
    const leaseA = new SourceLease(a, "test:order_event", "instance-a", 300);
    const leaseB = new SourceLease(b, "test:order_event", "instance-b", 300);
    const held = await leaseA.acquire();
    expect(held).toEqual({ lastId: undefined, gapSince: undefined });
    expect(await leaseB.acquire()).toBeNull();
    // Given back with its position: the next holder goes on from there.
    await leaseA.release({ lastId: 41, gapSince: undefined });
    expect(await leaseB.acquire()).toEqual({ lastId: 41, gapSince: undefined });
    expect(await leaseA.acquire()).toBeNull();
    // B stops renewing (a crash): once its lease has run out, A takes over, and B's renewal fails.
    await new Promise((r) => setTimeout(r, 400));
    expect(await leaseA.acquire()).toEqual({ lastId: 41, gapSince: undefined });
    expect(await leaseB.renew({ lastId: 50, gapSince: undefined })).toBe(false);
    expect(await leaseA.renew({ lastId: 45, gapSince: undefined })).toBe(true);
    const [row] = await a.query<{ owner: string; last_id: number }>("SELECT owner, last_id FROM outbox_lease WHERE name = ?", ["test:order_event"]);
    expect({ owner: row!.owner, lastId: Number(row!.last_id) }).toEqual({ owner: "instance-a", lastId: 45 });
  });

  it("a dispatcher's leases are taken together, each on its own: one held elsewhere leaves the others free to take", async () => {
    const events = (owner: string, db: Database) => new SourceLease(db, "test:events", owner, 300);
    const messages = (owner: string, db: Database) => new SourceLease(db, "test:messages", owner, 300);
    const read = { sql: "SELECT 7 AS n", params: [], map: (rows: Array<Record<string, unknown>>) => rows.map((r) => Number(r.n)) };
    // B holds the messages' log; A takes both at once (each with a read in the same round trip) and gets the events' only.
    expect(await messages("instance-b", b).acquire()).toEqual({ lastId: undefined, gapSince: undefined });
    const eventsA = events("instance-a", a);
    const messagesA = messages("instance-a", a);
    const [e, m] = await SourceLease.takeAll(a, [
      { lease: eventsA, read },
      { lease: messagesA, read },
    ]);
    expect(e).toEqual({ order: { lastId: undefined, gapSince: undefined }, read: [7] });
    expect(m).toBeNull();
    // Released together with their positions (inOneRoundTrip), the next round (any instance) goes on from there.
    await inOneRoundTrip(a, [eventsA.releaseStatement({ lastId: 12, gapSince: undefined })]);
    const [again] = await SourceLease.takeAll(b, [{ lease: events("instance-b", b) }]);
    expect(again).toEqual({ order: { lastId: 12, gapSince: undefined }, read: undefined });
  });

  it("a dispatcher delivers a burst batch by batch, in order and once, reading on before the marks, which all land by the round's end", async () => {
    const now = sqlTimestamp(new Date());
    await a.autocommit(async (tx) => {
      for (let i = 1; i <= 35; i++) await tx.run("INSERT INTO outbox_message (shop_id, topic, payload, created_at) VALUES (1, 'T', ?, ?)", [JSON.stringify({ i }), now]);
    });
    const delivered: number[][] = [];
    const unmarkedAtEachBatch: number[] = [];
    const sink = {
      batch: 10,
      deliver: async (messages: OutboxMessage[]) => {
        const [row] = await a.query<{ n: number }>("SELECT COUNT(*) AS n FROM outbox_message WHERE dispatched_at IS NULL");
        unmarkedAtEachBatch.push(Number(row!.n));
        delivered.push(messages.map((m) => Number(m.payload.i)));
      },
    };
    const dispatcher = new OutboxDispatcher([outboxTableSource(a)], sink, createLogger("silent"), 60_000, 0, { db: a, owner: "instance-a" });
    await dispatcher.flush();
    await dispatcher.stop();
    expect(delivered).toEqual([
      Array.from({ length: 10 }, (_, i) => i + 1),
      Array.from({ length: 10 }, (_, i) => i + 11),
      Array.from({ length: 10 }, (_, i) => i + 21),
      Array.from({ length: 5 }, (_, i) => i + 31),
    ]);
    const [left] = await a.query<{ n: number }>("SELECT COUNT(*) AS n FROM outbox_message WHERE dispatched_at IS NULL");
    expect(Number(left!.n)).toBe(0);
    // Under a lease (MySQL) the marks wait for the round's end; SQLite (one instance, no lease) marks each batch as it goes.
    expect(unmarkedAtEachBatch).toEqual(kind === "mysql" ? [35, 35, 35, 35] : [35, 25, 15, 5]);
    // A second round finds nothing: nothing was delivered twice.
    await new OutboxDispatcher([outboxTableSource(a)], sink, createLogger("silent"), 60_000, 0, { db: a, owner: "instance-a" }).flush();
    expect(delivered).toHaveLength(4);
  });
});
