import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from "typeorm";

/**
 * The outbox dispatchers on several server instances (issue 17, point 1): outbox_lease says which
 * instance reads each outbox log for each consumer now (and where it stands in id order);
 * `lease_owner` says which instance claimed a webhook delivery or a customer e-mail, whose due time
 * (`next_attempt_at`) is then its lease's end.
 */
export class DispatchLeases1766900000000 implements MigrationInterface {
  name = "DispatchLeases1766900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "outbox_lease",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "name", type: "varchar", length: "64" },
          { name: "owner", type: "varchar", length: "128", isNullable: true },
          { name: "lease_until", type: "datetime", precision: 3, isNullable: true },
          { name: "last_id", type: "integer", isNullable: true },
          { name: "gap_since", type: "datetime", precision: 3, isNullable: true },
        ],
        indices: [new TableIndex({ name: "IDX_outbox_lease_name", columnNames: ["name"], isUnique: true })],
      }),
      true,
    );
    await q.addColumn("webhook_delivery", new TableColumn({ name: "lease_owner", type: "varchar", length: "128", isNullable: true }));
    await q.addColumn("customer_message", new TableColumn({ name: "lease_owner", type: "varchar", length: "128", isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("customer_message", "lease_owner");
    await q.dropColumn("webhook_delivery", "lease_owner");
    await q.dropTable("outbox_lease");
  }
}
