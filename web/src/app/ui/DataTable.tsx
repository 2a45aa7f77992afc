import { createColumnHelper, tableFeatures, useTable, type RowData } from "@tanstack/react-table";
import { useMemo, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { TableSkeleton } from "./States";
import "./DataTable.css";

/** One column of a list: its header, how a row shows in it, and the classes of its cells. */
export interface DataColumn<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Class of the column's cells (and header): "numeric" right-aligns; others place the cell in a phone card. */
  className?: string;
  /** A class that depends on the row (e.g. a warning colour), added to className. */
  cellClassName?: (row: T) => string | undefined;
  /** The header is for screen readers only (e.g. a column of buttons); its cells get no phone label. */
  headerHidden?: boolean;
  /** The cell shows its own label on a phone (no data-label). */
  ownLabel?: boolean;
}

type Props<T> = {
  /** Keep it stable (useMemo): a new array rebuilds the table's columns. */
  columns: readonly DataColumn<T>[];
  /** The rows; null while the first page loads (skeleton rows show). */
  rows: readonly T[] | null;
  rowId: (row: T) => string;
  /** Where a click on the row goes; the row should also hold a real link for keyboards and new tabs. */
  rowHref?: (row: T) => string;
  /** Extra attributes of a row (data-testid, data-*), for tests and styles. */
  rowAttributes?: (row: T) => Record<string, string | number | undefined>;
  /** Class of the table (its phone card layout), e.g. "orders-table". */
  className?: string;
  rowClassName?: string;
  testId?: string;
  /** New filters are loading: the rows shown are the previous ones, dimmed. */
  stale?: boolean;
  /**
   * The table's name, for a table that may scroll sideways with nothing to focus in it (no links
   * or buttons): its scroll box becomes a named region in the tab order, so keyboards can scroll it.
   */
  label?: string;
};

const features = tableFeatures({});
const EMPTY: never[] = [];

/**
 * The lists' table: a header row, one row per item (the whole row opens it when `rowHref` is
 * given), every cell labelled with its column for the phone layout (.table--stack: each row a
 * card). Headless @tanstack/react-table builds the rows; the markup and looks are ours.
 */
export function DataTable<T extends RowData>({ columns, rows, rowId, rowHref, rowAttributes, className, rowClassName, testId, stale, label }: Props<T>) {
  const navigate = useNavigate();
  const columnDefs = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return helper.columns(columns.map((column) => helper.display({ id: column.id, header: column.header, cell: ({ row }) => column.cell(row.original) })));
  }, [columns]);
  const byId = useMemo(() => new Map(columns.map((column) => [column.id, column])), [columns]);
  const table = useTable({ features, columns: columnDefs, data: (rows ?? EMPTY) as T[], getRowId: (row: T) => rowId(row) }, () => null);

  const classes = ["table", "table--stack", "data-table", className, stale ? "list-table--stale" : null].filter(Boolean).join(" ");
  return (
    <div className="table-scroll" {...(label ? { role: "region", "aria-label": label, tabIndex: 0 } : {})}>
      <table className={classes} data-testid={testId}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={byId.get(header.id)?.className?.split(" ").includes("numeric") ? "numeric" : undefined}>
                  {byId.get(header.id)?.headerHidden ? (
                    <span className="visually-hidden">
                      <table.FlexRender header={header} />
                    </span>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        {rows === null ? (
          <TableSkeleton columns={columns.length} />
        ) : (
          <tbody>
            {table.getRowModel().rows.map((row) => {
              const href = rowHref?.(row.original);
              return (
                <tr
                  key={row.id}
                  className={[href ? "data-table__row--link" : null, rowClassName].filter(Boolean).join(" ") || undefined}
                  onClick={
                    href
                      ? (event) => {
                          // Links and buttons in the row do their own thing; elsewhere the row opens the item.
                          if (!(event.target as HTMLElement).closest("a, button")) navigate(href);
                        }
                      : undefined
                  }
                  {...rowAttributes?.(row.original)}
                >
                  {row.getAllCells().map((cell) => {
                    const column = byId.get(cell.column.id);
                    const className = [column?.className, column?.cellClassName?.(row.original)].filter(Boolean).join(" ") || undefined;
                    const label = column?.headerHidden || column?.ownLabel ? undefined : column?.header;
                    return (
                      <td key={cell.id} data-label={label} className={className}>
                        <table.FlexRender cell={cell} />
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        )}
      </table>
    </div>
  );
}
