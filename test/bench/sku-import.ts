import "reflect-metadata";
import mysql from "mysql2/promise";
import { createServices } from "../../server/src/app";
import { openAppDatabase } from "../../server/src/persistence";
import { sqlTimestamp } from "../../server/src/infra/db/dialect";
import { Caller } from "../../server/src/infra/graphql/context";
import { freshDatabase, MYSQL_URL } from "./lib";

/**
 * `npm run bench sku-import`: a 50,000-row catalogue CSV (new skus with stock) applied with
 * applySkuImport's service on MariaDB, then a second file changing every price and stock level.
 * Baseline: bare multi-row INSERTs of the same rows (sku, stock_level, stock_movement; 500 per
 * statement, one transaction) sent straight over mysql2 in this process. Goal (issue 13): well
 * under a minute; the ratio says what the import's parsing, checks and bookkeeping cost.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const CHUNK = 500;

function csv(version: number): string {
  const lines = ["code,name,price,barcode,image_url,on_hand"];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`SKU-${String(i).padStart(6, "0")},Produto ${i} (v${version}),${1000 + i + version},,https://img.example.com/p/${i}.jpg,${(i % 50) + version}`);
  }
  return lines.join("\n");
}

async function bareInserts(url: string): Promise<number> {
  const db = await openAppDatabase({ databaseUrl: url, sqlitePath: "" });
  const services = createServices(db, { sessionTtlHours: 1 });
  const shop = await services.shops.createShop({ name: "Bare bench", currency: "BRL", locale: "pt-BR" });
  await db.close();
  const rows = Array.from({ length: ROWS }, (_, i) => ({ code: `SKU-${String(i).padStart(6, "0")}`, name: `Produto ${i} (v1)`, price: 1001 + i, url: `https://img.example.com/p/${i}.jpg`, onHand: (i % 50) + 1 }));
  const conn = await mysql.createConnection({ uri: url });
  const started = process.hrtime.bigint();
  const now = sqlTimestamp(new Date());
  await conn.query("START TRANSACTION");
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const [inserted] = (await conn.query(
      `INSERT INTO sku (shop_id, code, name, price, barcode, image_url, created_at) VALUES ${chunk.map(() => "(?, ?, ?, ?, NULL, ?, ?)").join(", ")}`,
      chunk.flatMap((r) => [shop.id, r.code, r.name, r.price, r.url, now]),
    )) as any;
    const ids = chunk.map((_, k) => inserted.insertId + k);
    await conn.query(
      `INSERT INTO stock_level (shop_id, sku_id, on_hand, allocated, updated_at) VALUES ${chunk.map(() => "(?, ?, ?, 0, ?)").join(", ")}`,
      chunk.flatMap((r, k) => [shop.id, ids[k], r.onHand, now]),
    );
    await conn.query(
      `INSERT INTO stock_movement (shop_id, sku_id, kind, quantity, on_hand_delta, allocated_delta, actor_type, reason, created_at) VALUES ${chunk.map(() => "(?, ?, 'RESTOCK', ?, ?, 0, 'STAFF', 'CSV import', ?)").join(", ")}`,
      chunk.flatMap((r, k) => [shop.id, ids[k], r.onHand, r.onHand, now]),
    );
  }
  await conn.query("COMMIT");
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await conn.end();
  return ms;
}

async function main() {
  console.log(`sku import benchmark on ${new URL(MYSQL_URL).host}: ${ROWS.toLocaleString("en-US")} rows`);
  const bareDb = await freshDatabase("ruptura_bench_import_bare");
  const bareMs = await bareInserts(bareDb.url);
  await bareDb.drop();

  const database = await freshDatabase("ruptura_bench_import");
  const db = await openAppDatabase({ databaseUrl: database.url, sqlitePath: "" });
  const services = createServices(db, { sessionTtlHours: 1 });
  const shop = await services.shops.createShop({ name: "Import bench", currency: "BRL", locale: "pt-BR" });
  const caller: Caller = { shopId: shop.id, shopCurrency: "BRL", shopLocale: "pt-BR", staffUserId: null, actor: { type: "STAFF", id: null, name: "Bench" }, sessionTokenHash: null };
  const first = csv(1);
  const t0 = process.hrtime.bigint();
  const created = await services.skuImports.apply(caller, first);
  const createMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const second = csv(2);
  const t1 = process.hrtime.bigint();
  const updated = await services.skuImports.apply(caller, second);
  const updateMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const t2 = process.hrtime.bigint();
  const preview = await services.skuImports.preview(caller, csv(3));
  const previewMs = Number(process.hrtime.bigint() - t2) / 1e6;

  console.log(`bare multi-row INSERTs        ${bareMs.toFixed(0).padStart(7)} ms`);
  console.log(`apply, all new (${created.created} created)   ${createMs.toFixed(0).padStart(7)} ms   ${(createMs / bareMs).toFixed(2)} x the bare INSERTs   (goal: well under 60,000 ms)`);
  console.log(`apply, every row changed (${updated.updated} updated, ${updated.stockIncreased} stock up) ${updateMs.toFixed(0).padStart(7)} ms   ${(updateMs / bareMs).toFixed(2)} x the bare INSERTs`);
  console.log(`preview of ${preview.rows} rows       ${previewMs.toFixed(0).padStart(7)} ms`);
  await db.close();
  await database.drop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
