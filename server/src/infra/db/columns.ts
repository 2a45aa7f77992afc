import { ColumnOptions } from "typeorm";

/** A point in time, stored in UTC with millisecond precision on MySQL/MariaDB. */
export const timestamp = (extra: ColumnOptions = {}): ColumnOptions => ({ type: "datetime", precision: 3, ...extra });
