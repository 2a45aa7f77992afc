import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from "typeorm";

const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", precision: 3, isNullable: nullable });
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: "text", isNullable: nullable });
const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });

/** Webhooks (issue 15): endpoints, prepared events, deliveries per endpoint, read positions. */
export class Webhooks1766300000000 implements MigrationInterface {
  name = "Webhooks1766300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "webhook_endpoint",
        columns: [
          id,
          int("shop_id"),
          varchar("url", 2000),
          varchar("event_types", 1000),
          text("secret"),
          text("previous_secret", true),
          time("previous_secret_expires_at", true),
          { name: "enabled", type: "boolean" },
          varchar("disabled_reason", 16, true),
          time("disabled_at", true),
          time("failing_since", true),
          time("created_at"),
          time("updated_at"),
        ],
        indices: [new TableIndex({ name: "IDX_webhook_endpoint_shop_id", columnNames: ["shop_id"] })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "webhook_event",
        columns: [id, int("shop_id"), varchar("type", 64), varchar("source", 32), int("source_id"), varchar("order_key", 64, true), text("body"), time("created_at")],
        indices: [
          new TableIndex({ name: "IDX_webhook_event_source", columnNames: ["source", "source_id", "type"], isUnique: true }),
          new TableIndex({ name: "IDX_webhook_event_shop_id_id", columnNames: ["shop_id", "id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "webhook_delivery",
        columns: [
          id,
          int("shop_id"),
          int("endpoint_id"),
          int("event_id"),
          varchar("event_type", 64),
          varchar("order_key", 64, true),
          varchar("status", 16),
          int("attempts"),
          int("max_attempts"),
          time("next_attempt_at", true),
          time("last_attempt_at", true),
          int("response_code", true),
          varchar("response_excerpt", 1024, true),
          int("duration_ms", true),
          time("created_at"),
        ],
        indices: [
          new TableIndex({ name: "IDX_webhook_delivery_status_next", columnNames: ["status", "next_attempt_at"] }),
          new TableIndex({ name: "IDX_webhook_delivery_endpoint_id_id", columnNames: ["endpoint_id", "id"] }),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "webhook_cursor",
        columns: [id, varchar("name", 32), int("last_id")],
        indices: [new TableIndex({ name: "IDX_webhook_cursor_name", columnNames: ["name"], isUnique: true })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "webhook_stock_state",
        columns: [id, int("shop_id"), int("sku_id"), int("available")],
        indices: [new TableIndex({ name: "IDX_webhook_stock_state_sku_id", columnNames: ["sku_id"], isUnique: true })],
      }),
      true,
    );
    // What happened before webhooks existed is not sent: no endpoint could have asked for it.
    for (const log of ["order_event", "outbox_message", "stock_movement"]) {
      const [row] = await q.query(`SELECT MAX(id) AS id FROM ${log}`);
      await q.query("INSERT INTO webhook_cursor (name, last_id) VALUES (?, ?)", [log, Number(row?.id ?? 0)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["webhook_stock_state", "webhook_cursor", "webhook_delivery", "webhook_event", "webhook_endpoint"]) await q.dropTable(table, true);
  }
}
