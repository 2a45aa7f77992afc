import { ClassType, Field, Int, ObjectType } from "type-graphql";
import { badUserInput } from "./errors";

@ObjectType({ description: "Where a page of a connection ends and whether more follow.", simpleResolvers: true })
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
  /** All matches, or, in a capped connection, at most COUNT_CAP + 1 of them (more than the cap: not exact). */
  countAll: () => Promise<number>;
}

/**
 * How far a capped connection counts (orders, the queue): counting a million orders exactly costs
 * more than the page itself, and a merchant reads "10.000+" as well as an exact figure.
 */
export const COUNT_CAP = 10_000;

/** Builds a `XConnection` GraphQL type for node type T; `capped`: totalCount counts at most COUNT_CAP. */
export function Connection<T extends object>(node: ClassType<T>, name: string, options: { capped?: boolean } = {}) {
  @ObjectType(`${name}Connection`, { description: `A page of ${name} nodes.`, simpleResolvers: true })
  class ConnectionType {
    @Field(() => [node], { description: "The nodes on this page." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Cursor of the last node and whether more follow." })
    pageInfo!: PageInfo;

    countAll!: () => Promise<number>;

    // A method, so the count query runs only when a client selects totalCount. type-graphql
    // turns the plain page object into an instance of this class before calling it.
    @Field(() => Int, {
      description: options.capped
        ? `How many nodes match, across all pages, counted up to ${COUNT_CAP}: when more match it is ${COUNT_CAP} and totalCountIsExact is false (show "${COUNT_CAP}+"). It costs a count on every read that selects it: select it on the first page only, not on "load more" pages.`
        : "How many nodes match, across all pages.",
    })
    async totalCount(): Promise<number> {
      const count = await this.countAll();
      return options.capped ? Math.min(count, COUNT_CAP) : count;
    }

    declare totalCountIsExact?: () => Promise<boolean>;
  }
  if (options.capped) {
    // Only capped connections have the field; the same count serves both fields of one read.
    ConnectionType.prototype.totalCountIsExact = async function (this: ConnectionType) {
      return (await this.countAll()) <= COUNT_CAP;
    };
    Field(() => Boolean, { description: `False when more than ${COUNT_CAP} nodes match and totalCount stopped counting at ${COUNT_CAP}; true when totalCount is the exact number.` })(
      ConnectionType.prototype,
      "totalCountIsExact",
      Object.getOwnPropertyDescriptor(ConnectionType.prototype, "totalCountIsExact")!,
    );
  }
  return ConnectionType;
}

/** A count that runs once however many fields of a read ask for it. */
export function once<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | null = null;
  return () => (result ??= work());
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
