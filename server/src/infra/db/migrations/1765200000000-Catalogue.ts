import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";

/**
 * The catalogue in the app (issue 13): a sku's barcode (GTIN/EAN, check digit verified), an
 * optional image URL, and when it was archived (archived skus take no new orders; null: active);
 * the stock ledger's actor name (the stock history shows who).
 */
export class Catalogue1765200000000 implements MigrationInterface {
  name = "Catalogue1765200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("sku", [
      new TableColumn({ name: "barcode", type: "varchar", length: "14", isNullable: true }),
      new TableColumn({ name: "image_url", type: "varchar", length: "500", isNullable: true }),
      new TableColumn({ name: "archived_at", type: "datetime", precision: 3, isNullable: true }),
    ]);
    // The stock history shows who made each change by name, as the order timeline does.
    await q.addColumn("stock_movement", new TableColumn({ name: "actor_name", type: "varchar", length: "200", isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("stock_movement", "actor_name");
    await q.dropColumn("sku", "archived_at");
    await q.dropColumn("sku", "image_url");
    await q.dropColumn("sku", "barcode");
  }
}
