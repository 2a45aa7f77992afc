import { ClassType, Field, Int, ObjectType } from "type-graphql";
import { badUserInput } from "./errors";

@ObjectType({ description: "Where a page of a connection ends and whether more follow." })
export class PageInfo {
  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page; null on an empty page." })
  endCursor!: string | null;

  @Field({ description: "True when another page follows this one." })
  hasNextPage!: boolean;
}

/** A page of results: the nodes, where it ends, and how to count all matches (run only when asked). */
export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
  countAll: () => Promise<number>;
}

/** Builds a `XConnection` GraphQL type for node type T. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Connection`, { description: `A page of ${name} nodes.` })
  class ConnectionType {
    @Field(() => [node], { description: "The nodes on this page." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Cursor of the last node and whether more follow." })
    pageInfo!: PageInfo;

    countAll!: () => Promise<number>;

    // A method, so the count query runs only when a client selects totalCount. type-graphql
    // turns the plain page object into an instance of this class before calling it.
    @Field(() => Int, { description: "How many nodes match, across all pages." })
    totalCount(): Promise<number> {
      return this.countAll();
    }
  }
  return ConnectionType;
}

/** Cursors are opaque to clients: base64url of the last node's sort key (its id). */
export function encodeCursor(id: number): string {
  return Buffer.from(`c:${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === "") return null;
  const match = /^c:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badUserInput("The `after` cursor is not one this API returned.", "after");
  return Number(match[1]);
}

/** Validates `first` against the allowed page size. */
export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badUserInput(`\`first\` must be between 1 and ${max}.`, "first");
  }
  return first;
}

/** Turns `limit + 1` fetched rows into a page (the extra row only says that more follow). */
export function toPage<R extends { id: number }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  countAll: () => Promise<number>,
): Page<T> {
  const hasNextPage = rows.length > limit;
  const pageRows = hasNextPage ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    nodes: pageRows.map(map),
    pageInfo: { endCursor: last ? encodeCursor(last.id) : null, hasNextPage },
    countAll,
  };
}
