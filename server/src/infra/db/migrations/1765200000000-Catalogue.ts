import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";

/**
 * The catalogue in the app (issue 13): a sku's barcode (GTIN/EAN, check digit verified), an
 * optional image URL, and when it was archived (archived skus take no new orders; null: active).
 */
export class Catalogue1765200000000 implements MigrationInterface {
  name = "Catalogue1765200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("sku", [
      new TableColumn({ name: "barcode", type: "varchar", length: "14", isNullable: true }),
      new TableColumn({ name: "image_url", type: "varchar", length: "500", isNullable: true }),
      new TableColumn({ name: "archived_at", type: "datetime", precision: 3, isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn("sku", "archived_at");
    await q.dropColumn("sku", "image_url");
    await q.dropColumn("sku", "barcode");
  }
}
