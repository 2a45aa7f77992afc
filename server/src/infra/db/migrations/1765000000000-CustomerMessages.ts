import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/**
 * Customer e-mail (issue 12): the messages planned and sent, the kinds a shop turned off, the
 * planner's own read positions in order_event and outbox_message, and its copies of refund links.
 * The read positions start at the current end of both logs: an existing database does not mail
 * its customers about the past.
 */
export class CustomerMessages1765000000000 implements MigrationInterface {
  name = "CustomerMessages1765000000000";

  async up(q: QueryRunner): Promise<void> {
    const id = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" as const };
    const int = (name: string, isNullable = false) => ({ name, type: "integer", isNullable });
    const time = (name: string, isNullable = false) => ({ name, type: "datetime", precision: 3, isNullable });
    await q.createTable(
      new Table({
        name: "customer_message",
        columns: [
          id,
          int("shop_id"),
          int("order_id"),
          int("order_number"),
          { name: "kind", type: "varchar", length: "32" },
          { name: "source_type", type: "varchar", length: "16" },
          int("source_id"),
          { name: "status", type: "varchar", length: "16" },
          { name: "recipient", type: "varchar", length: "320" },
          { name: "locale", type: "varchar", length: "10" },
          { name: "attempts", type: "integer", default: 0 },
          time("next_attempt_at"),
          { name: "last_error", type: "varchar", length: "300", isNullable: true },
          { name: "subject", type: "varchar", length: "200", isNullable: true },
          time("created_at"),
          time("sent_at", true),
        ],
        indices: [
          new TableIndex({ name: "IDX_customer_message_source", columnNames: ["source_type", "source_id", "kind"], isUnique: true }),
          new TableIndex({ name: "IDX_customer_message_status_next_attempt_at", columnNames: ["status", "next_attempt_at"] }),
          new TableIndex({ name: "IDX_customer_message_shop_id_id", columnNames: ["shop_id", "id"] }),
          new TableIndex({ name: "IDX_customer_message_shop_id_order_id", columnNames: ["shop_id", "order_id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "notification_disabled",
        columns: [id, int("shop_id"), { name: "kind", type: "varchar", length: "32" }, time("created_at")],
        indices: [new TableIndex({ name: "IDX_notification_disabled_shop_id_kind", columnNames: ["shop_id", "kind"], isUnique: true })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "notification_cursor",
        columns: [id, { name: "name", type: "varchar", length: "64" }, int("last_id")],
        indices: [new TableIndex({ name: "IDX_notification_cursor_name", columnNames: ["name"], isUnique: true })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "refund_link_copy",
        columns: [id, int("shop_id"), int("refund_id"), int("order_id"), int("outbox_message_id"), { name: "token", type: "text" }, time("expires_at"), time("remind_at", true), time("created_at")],
        indices: [
          new TableIndex({ name: "IDX_refund_link_copy_outbox_message_id", columnNames: ["outbox_message_id"], isUnique: true }),
          new TableIndex({ name: "IDX_refund_link_copy_refund_id", columnNames: ["refund_id"] }),
          new TableIndex({ name: "IDX_refund_link_copy_remind_at", columnNames: ["remind_at"] }),
        ],
      }),
      true,
    );
    for (const log of ["order_event", "outbox_message"]) {
      const [row] = await q.query(`SELECT MAX(id) AS id FROM ${log}`);
      await q.query("INSERT INTO notification_cursor (name, last_id) VALUES (?, ?)", [log, Number(row?.id ?? 0)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["refund_link_copy", "notification_cursor", "notification_disabled", "customer_message"]) await q.dropTable(table, true);
  }
}
