import { DataSource, EntityTarget } from "typeorm";
import { fromSqlTimestamp } from "./dialect";

/**
 * Entities from the rows of a hand-written SELECT of `alias.*`, for the reads that serve pages
 * (the orders page, the queue, their lines and customers): TypeORM's query builder and result
 * transformer cost more CPU than the database took for the rows. Each column's conversion is
 * worked out once per entity, from the entity's own metadata, so a new column is read like the
 * others; a column type this does not know stops the server at its first read, not silently.
 */
export interface EntityRows<T> {
  /** The entity's table name, for the FROM clause. */
  table: string;
  /** One entity from one row: its columns as the database names them, after `prefix` (TypeORM's `o_` for alias `o`). */
  map(row: Record<string, unknown>): T;
}

type Convert = (value: unknown) => unknown;

const asNumber: Convert = (value) => (value === null || value === undefined ? null : Number(value));
const asText: Convert = (value) => (value === undefined ? null : value);
const asDate: Convert = (value) => (value === null || value === undefined ? null : fromSqlTimestamp(value as string | Date));
const asBoolean: Convert = (value) => (value === null || value === undefined ? null : value === true || Number(value) === 1);

function converter(type: unknown): Convert {
  if (type === "integer" || type === "int" || type === Number) return asNumber;
  if (type === "varchar" || type === "text" || type === String) return asText;
  if (type === "datetime" || type === Date) return asDate;
  if (type === "boolean" || type === Boolean) return asBoolean;
  throw new Error(`entityRows: no conversion for column type ${String(type)}`);
}

export function entityRows<T extends object>(dataSource: DataSource, entity: EntityTarget<T>, prefix = ""): EntityRows<T> {
  const metadata = dataSource.getMetadata(entity);
  // Columns TypeORM does not select either (`select: false`: a generated column for an index) are left out.
  const columns = metadata.columns.filter((c) => c.isSelect).map((c) => ({ property: c.propertyName, column: prefix + c.databaseName, convert: converter(c.type) }));
  const Target = metadata.target as new () => T;
  return {
    table: metadata.tableName,
    map(row) {
      const out = new Target() as Record<string, unknown>;
      for (const c of columns) out[c.property] = c.convert(row[c.column]);
      return out as T;
    },
  };
}
