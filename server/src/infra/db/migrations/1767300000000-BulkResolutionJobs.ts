import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";

/**
 * Bulk resolutions in the database instead of the running process's memory, so that every server
 * instance reads a job and its progress: one row per job (counters, heartbeat) and one row per
 * processed order (resolved, or refused with its code and message).
 */
export class BulkResolutionJobs1767300000000 implements MigrationInterface {
  name = "BulkResolutionJobs1767300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "bulk_resolution",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "shop_id", type: "integer" },
          { name: "status", type: "varchar", length: "16" },
          { name: "resolution", type: "varchar", length: "32" },
          { name: "total", type: "integer" },
          { name: "done_count", type: "integer" },
          { name: "refused_count", type: "integer" },
          { name: "created_by", type: "integer", isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "updated_at", type: "datetime", precision: 3 },
          { name: "finished_at", type: "datetime", precision: 3, isNullable: true },
        ],
        indices: [new TableIndex({ name: "IDX_bulk_resolution_shop_id_created_at", columnNames: ["shop_id", "created_at"] })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: "bulk_resolution_order",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "shop_id", type: "integer" },
          { name: "job_id", type: "varchar", length: "36" },
          { name: "seq", type: "integer" },
          { name: "order_id", type: "integer" },
          { name: "number", type: "integer", isNullable: true },
          { name: "code", type: "varchar", length: "64", isNullable: true },
          { name: "message", type: "varchar", length: "500", isNullable: true },
        ],
        indices: [new TableIndex({ name: "IDX_bulk_resolution_order_job_id_seq", columnNames: ["job_id", "seq"], isUnique: true })],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("bulk_resolution_order");
    await q.dropTable("bulk_resolution");
  }
}
