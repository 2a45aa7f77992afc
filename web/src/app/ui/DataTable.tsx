import { createColumnHelper, tableFeatures, useTable, type RowData } from "@tanstack/react-table";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
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
  /** The header is a button that sorts by this column (see `sort`). */
  sortable?: boolean;
}

export type SortDirection = "ASC" | "DESC";

/** Sortable headers: the sort shown (aria-sort on its header) and what a click on a header asks for. */
export interface TableSort {
  current: { id: string; direction: SortDirection } | null;
  onSort: (columnId: string) => void;
}

/** A selection column of checkboxes (shift-click selects a range), with "select all on this page" in its header. */
export interface TableSelection<T> {
  selected: ReadonlySet<string>;
  /** These rows were checked (true) or unchecked (false). */
  onChange: (ids: string[], selected: boolean) => void;
  /** The checkbox's accessible name for a row ("Select order #1042"). */
  rowLabel: (row: T) => string;
  /** The header checkbox's name ("Select every order on this page"). */
  pageLabel: string;
}

/** Rows are virtualized (only those near the window's view are in the page) from this many rows on. */
export const VIRTUALIZE_FROM = 200;

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
  sort?: TableSort;
  selection?: TableSelection<T>;
  /**
   * Keyboard navigation through the rows (a roving tabindex: one row in the tab order): j/k or the
   * arrow keys move, Home/End jump, Enter opens the row (`rowHref`), x toggles its selection.
   * `keyboardRef` receives a way to put focus on the current row (e.g. after a shortcut).
   */
  keyboard?: boolean;
  /** Virtualize rows from this many on (default VIRTUALIZE_FROM; Infinity: never). */
  virtualizeFrom?: number;
};

const features = tableFeatures({});
const EMPTY: never[] = [];

/**
 * The lists' table: a header row, one row per item (the whole row opens it when `rowHref` is
 * given), every cell labelled with its column for the phone layout (.table--stack: each row a
 * card). Headless @tanstack/react-table builds the rows; the markup and looks are ours.
 */
export function DataTable<T extends RowData>({
  columns,
  rows,
  rowId,
  rowHref,
  rowAttributes,
  className,
  rowClassName,
  testId,
  stale,
  label,
  sort,
  selection,
  keyboard,
  virtualizeFrom = VIRTUALIZE_FROM,
}: Props<T>) {
  const navigate = useNavigate();
  const columnDefs = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return helper.columns(columns.map((column) => helper.display({ id: column.id, header: column.header, cell: ({ row }) => column.cell(row.original) })));
  }, [columns]);
  const byId = useMemo(() => new Map(columns.map((column) => [column.id, column])), [columns]);
  const table = useTable({ features, columns: columnDefs, data: (rows ?? EMPTY) as T[], getRowId: (row: T) => rowId(row) }, () => null);
  const modelRows = table.getRowModel().rows;

  // Selection: the last row clicked is where a shift-click's range starts.
  const anchor = useRef<string | null>(null);
  const toggle = (id: string, checked: boolean, range: boolean) => {
    if (!selection) return;
    const ids = modelRows.map((row) => row.id);
    const from = anchor.current === null ? -1 : ids.indexOf(anchor.current);
    const to = ids.indexOf(id);
    if (range && from >= 0 && to >= 0) selection.onChange(ids.slice(Math.min(from, to), Math.max(from, to) + 1), checked);
    else selection.onChange([id], checked);
    anchor.current = id;
  };
  const pageIds = modelRows.map((row) => row.id);
  const selectedOnPage = selection ? pageIds.filter((id) => selection.selected.has(id)).length : 0;

  // Keyboard: the active row is the one in the tab order.
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = activeId !== null && pageIds.includes(activeId) ? activeId : (pageIds[0] ?? null);
  const rowElements = useRef(new Map<string, HTMLTableRowElement>());
  const focusWanted = useRef<string | null>(null);

  // Virtualization (window scrolling: the page scrolls as before, the table keeps its layout).
  const virtual = rows !== null && rows.length >= virtualizeFrom;
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    if (virtual && bodyRef.current) setScrollMargin(bodyRef.current.getBoundingClientRect().top + window.scrollY);
  }, [virtual]);
  const virtualizer = useWindowVirtualizer<HTMLTableRowElement>({
    count: virtual ? modelRows.length : 0,
    estimateSize: () => 56,
    overscan: 12,
    scrollMargin,
    getItemKey: (index) => modelRows[index]?.id ?? index,
  });
  const items = virtual ? virtualizer.getVirtualItems() : null;
  const shown = items ? items.map((item) => ({ row: modelRows[item.index]!, index: item.index })) : modelRows.map((row, index) => ({ row, index }));
  const paddingTop = items && items.length ? items[0]!.start - scrollMargin : 0;
  const paddingBottom = items && items.length ? virtualizer.getTotalSize() - (items[items.length - 1]!.end - scrollMargin) : 0;

  useEffect(() => {
    const wanted = focusWanted.current;
    if (wanted === null) return;
    const element = rowElements.current.get(wanted);
    if (element) {
      focusWanted.current = null;
      element.focus({ preventScroll: virtual });
    }
  });

  const moveTo = (index: number) => {
    const id = pageIds[Math.max(0, Math.min(pageIds.length - 1, index))];
    if (id === undefined) return;
    setActiveId(id);
    focusWanted.current = id;
    if (virtual) virtualizer.scrollToIndex(pageIds.indexOf(id), { align: "auto" });
    else rowElements.current.get(id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!keyboard || event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys typed in a field or on a control of the row keep their own meaning.
    const target = event.target as HTMLElement;
    if (target.matches("select, textarea, input:not([type=checkbox])")) return;
    const at = active === null ? -1 : pageIds.indexOf(active);
    const row = modelRows[at];
    switch (event.key) {
      case "j":
      case "ArrowDown":
        moveTo(at + 1);
        break;
      case "k":
      case "ArrowUp":
        moveTo(at - 1);
        break;
      case "Home":
        moveTo(0);
        break;
      case "End":
        moveTo(pageIds.length - 1);
        break;
      case "Enter": {
        if (!row || !rowHref || target.closest("a, button, input")) return;
        navigate(rowHref(row.original));
        break;
      }
      case "x":
        if (!row || !selection) return;
        toggle(row.id, !selection.selected.has(row.id), event.shiftKey);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const classes = ["table", "table--stack", "data-table", className, stale ? "list-table--stale" : null].filter(Boolean).join(" ");
  const columnCount = columns.length + (selection ? 1 : 0);
  return (
    <div className="table-scroll" {...(label ? { role: "region", "aria-label": label, tabIndex: 0 } : {})}>
      <table className={classes} data-testid={testId} aria-rowcount={virtual ? modelRows.length + 1 : undefined}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={virtual ? 1 : undefined}>
              {selection && (
                <th scope="col" className="data-table__select">
                  <input
                    type="checkbox"
                    className="data-table__checkbox"
                    aria-label={selection.pageLabel}
                    checked={pageIds.length > 0 && selectedOnPage === pageIds.length}
                    ref={(element) => {
                      if (element) element.indeterminate = selectedOnPage > 0 && selectedOnPage < pageIds.length;
                    }}
                    onChange={(event) => selection.onChange(pageIds, event.target.checked)}
                    data-testid="select-page"
                  />
                </th>
              )}
              {group.headers.map((header) => {
                const column = byId.get(header.id);
                const numeric = column?.className?.split(" ").includes("numeric");
                const sorted = sort?.current?.id === header.id ? sort.current.direction : null;
                const content = <table.FlexRender header={header} />;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={numeric ? "numeric" : undefined}
                    aria-sort={column?.sortable && sort ? (sorted === "ASC" ? "ascending" : sorted === "DESC" ? "descending" : "none") : undefined}
                  >
                    {column?.headerHidden ? (
                      <span className="visually-hidden">{content}</span>
                    ) : column?.sortable && sort ? (
                      <button type="button" className="data-table__sort" onClick={() => sort.onSort(header.id)} data-testid={`sort-${header.id}`}>
                        {content}
                        <span className="data-table__sort-icon" aria-hidden="true">
                          {sorted === "ASC" ? "▲" : sorted === "DESC" ? "▼" : "↕"}
                        </span>
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        {rows === null ? (
          <TableSkeleton columns={columnCount} />
        ) : (
          <tbody ref={bodyRef} onKeyDown={keyboard ? onKeyDown : undefined}>
            {paddingTop > 0 && (
              <tr aria-hidden="true" className="data-table__spacer">
                <td colSpan={columnCount} style={{ height: paddingTop, padding: 0 }} />
              </tr>
            )}
            {shown.map(({ row, index }) => {
              const href = rowHref?.(row.original);
              const isSelected = selection?.selected.has(row.id) ?? false;
              return (
                <tr
                  key={row.id}
                  ref={(element) => {
                    if (element) {
                      rowElements.current.set(row.id, element);
                      if (virtual) virtualizer.measureElement(element);
                    } else rowElements.current.delete(row.id);
                  }}
                  data-index={index}
                  aria-rowindex={virtual ? index + 2 : undefined}
                  aria-selected={selection ? isSelected : undefined}
                  tabIndex={keyboard ? (row.id === active ? 0 : -1) : undefined}
                  onFocus={keyboard ? () => setActiveId(row.id) : undefined}
                  className={[href ? "data-table__row--link" : null, isSelected ? "data-table__row--selected" : null, rowClassName].filter(Boolean).join(" ") || undefined}
                  onClick={
                    href
                      ? (event) => {
                          // Links, buttons and checkboxes in the row do their own thing; elsewhere the row opens the item.
                          if (!(event.target as HTMLElement).closest("a, button, input, label")) navigate(href);
                        }
                      : undefined
                  }
                  {...rowAttributes?.(row.original)}
                >
                  {selection && (
                    <td className="data-table__select">
                      <input
                        type="checkbox"
                        className="data-table__checkbox"
                        aria-label={selection.rowLabel(row.original)}
                        checked={isSelected}
                        tabIndex={keyboard ? -1 : undefined}
                        onClick={(event) => {
                          event.stopPropagation();
                          toggle(row.id, (event.target as HTMLInputElement).checked, event.shiftKey);
                        }}
                        onChange={() => undefined}
                        data-testid="select-row"
                      />
                    </td>
                  )}
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
            {paddingBottom > 0 && (
              <tr aria-hidden="true" className="data-table__spacer">
                <td colSpan={columnCount} style={{ height: paddingBottom, padding: 0 }} />
              </tr>
            )}
          </tbody>
        )}
      </table>
    </div>
  );
}
