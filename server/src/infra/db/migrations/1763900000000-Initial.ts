import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from "typeorm";

// Driver-neutral column helpers; they mirror the entity definitions exactly (a test checks for drift).
const id = (): TableColumnOptions => ({
  name: "id",
  type: "integer",
  isPrimary: true,
  isGenerated: true,
  generationStrategy: "increment",
});
const int = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: "integer", ...extra });
const str = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: "varchar",
  length: String(length),
  ...extra,
});
const time = (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: "datetime",
  precision: 3,
  ...extra,
});
const index = (table: string, columns: string[], isUnique = false) =>
  new TableIndex({ name: `IDX_${table}_${columns.join("_")}`, columnNames: columns, isUnique });

export class Initial1763900000000 implements MigrationInterface {
  name = "Initial1763900000000";

  async up(q: QueryRunner): Promise<void> {
    const tables: Array<[string, TableColumnOptions[], TableIndex[]]> = [
      ["shop", [id(), str("name", 120), str("currency", 3), str("locale", 10), time("created_at")], []],
      [
        "order_number_sequence",
        [id(), int("shop_id"), int("last_number", { default: 0 })],
        [index("order_number_sequence", ["shop_id"], true)],
      ],
      [
        "staff_user",
        [id(), int("shop_id"), str("email", 254), str("name", 120), str("password_hash", 255), time("created_at")],
        [index("staff_user", ["email"], true), index("staff_user", ["shop_id"])],
      ],
      [
        "staff_session",
        [id(), str("token_hash", 64), int("staff_user_id"), int("shop_id"), time("expires_at"), time("created_at")],
        [index("staff_session", ["token_hash"], true), index("staff_session", ["staff_user_id"])],
      ],
      [
        "sku",
        [id(), int("shop_id"), str("code", 64), str("name", 200), int("price"), time("created_at")],
        [index("sku", ["shop_id", "code"], true), index("sku", ["shop_id", "name"])],
      ],
      [
        "stock_level",
        [id(), int("shop_id"), int("sku_id"), int("on_hand", { default: 0 }), int("allocated", { default: 0 }), time("updated_at")],
        [index("stock_level", ["sku_id"], true), index("stock_level", ["shop_id", "sku_id"])],
      ],
      [
        "stock_movement",
        [
          id(),
          int("shop_id"),
          int("sku_id"),
          str("kind", 16),
          int("quantity"),
          int("on_hand_delta"),
          int("allocated_delta"),
          int("order_line_id", { isNullable: true }),
          str("actor_type", 16),
          int("actor_id", { isNullable: true }),
          str("reason", 255, { isNullable: true }),
          time("created_at"),
        ],
        [index("stock_movement", ["sku_id", "id"]), index("stock_movement", ["shop_id", "id"])],
      ],
      [
        "customer",
        [
          id(),
          int("shop_id"),
          str("name", 200),
          str("email", 254),
          str("phone", 32, { isNullable: true }),
          str("cpf", 11, { isNullable: true }),
          str("locale", 10),
          time("created_at"),
        ],
        [index("customer", ["shop_id", "email"], true), index("customer", ["shop_id", "name"])],
      ],
      [
        "orders",
        [
          id(),
          int("shop_id"),
          int("number"),
          int("customer_id"),
          str("status", 24),
          str("source", 16),
          str("currency", 3),
          int("subtotal"),
          int("shipping"),
          int("discount"),
          int("total"),
          str("external_reference", 100, { isNullable: true }),
          str("idempotency_key", 100, { isNullable: true }),
          str("idempotency_hash", 64, { isNullable: true }),
          time("placed_at"),
          time("updated_at"),
        ],
        [
          index("orders", ["shop_id", "number"], true),
          index("orders", ["shop_id", "idempotency_key"], true),
          index("orders", ["shop_id", "id"]),
          index("orders", ["shop_id", "status", "id"]),
          index("orders", ["shop_id", "external_reference"]),
          index("orders", ["customer_id"]),
        ],
      ],
      [
        "order_line",
        [
          id(),
          int("shop_id"),
          int("order_id"),
          int("sku_id"),
          str("sku_code", 64),
          str("name", 200),
          int("quantity"),
          int("unit_price"),
          int("allocated", { default: 0 }),
          int("short", { default: 0 }),
          int("cancelled", { default: 0 }),
          int("shipped", { default: 0 }),
        ],
        [index("order_line", ["order_id"]), index("order_line", ["sku_id", "order_id"])],
      ],
      [
        "order_event",
        [
          id(),
          int("shop_id"),
          int("order_id"),
          str("type", 32),
          str("actor_type", 16),
          int("actor_id", { isNullable: true }),
          str("actor_name", 200, { isNullable: true }),
          str("note", 500, { isNullable: true }),
          { name: "data", type: "text", isNullable: true },
          time("created_at"),
          time("dispatched_at", { isNullable: true }),
        ],
        [index("order_event", ["order_id", "id"]), index("order_event", ["dispatched_at", "id"])],
      ],
    ];
    for (const [name, columns, indices] of tables) {
      await q.createTable(new Table({ name, columns, indices }), true);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      "order_event",
      "order_line",
      "orders",
      "customer",
      "stock_movement",
      "stock_level",
      "sku",
      "staff_session",
      "staff_user",
      "order_number_sequence",
      "shop",
    ]) {
      await q.dropTable(name, true);
    }
  }
}
