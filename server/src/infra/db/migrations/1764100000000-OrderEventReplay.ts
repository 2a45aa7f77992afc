import { MigrationInterface, QueryRunner, TableIndex } from "typeorm";

/** Subscriptions resume from a cursor (issue 10): the shop's order events after an id, in id order. */
export class OrderEventReplay1764100000000 implements MigrationInterface {
  name = "OrderEventReplay1764100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex("order_event", new TableIndex({ name: "IDX_order_event_shop_id_id", columnNames: ["shop_id", "id"] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("order_event", "IDX_order_event_shop_id_id");
  }
}
