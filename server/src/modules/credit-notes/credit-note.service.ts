import { groupBy } from "../../infra/collections";
import { Database, Tx } from "../../infra/db/database";
import { insertStatement, sqlTimestamp } from "../../infra/db/dialect";
import { Actor } from "../../infra/graphql/context";
import { UserError, UserErrorCode, UserInputError, userError } from "../../infra/graphql/errors";
import { OrderStatus } from "../orders/order.entity";
import { ActorType } from "../orders/order-event.entity";
import { OrderService } from "../orders/order.service";
import { MAX_AMOUNT } from "../orders/place-order.validation";
import { CreditNote, CreditNoteLine, CreditNoteSourceType } from "./credit-note.entity";

/** The longest reason a credit note states. */
export const MAX_CREDIT_NOTE_REASON = 500;
/** The longest description of a credited line. */
export const MAX_CREDIT_NOTE_DESCRIPTION = 200;
/** The longest sku code (as the catalogue keeps it). */
const MAX_SKU_CODE = 64;
/** The most lines one credit note lists. */
export const MAX_CREDIT_NOTE_LINES = 200;

/** "NC-000123": the one place credit note numbers are written for people. */
export function creditNoteDisplayNumber(number: number): string {
  return `NC-${String(number).padStart(6, "0")}`;
}

/** What a credit note settles; `id` is the claim's or return's id (none for OTHER). */
export interface CreditNoteSource {
  type: CreditNoteSourceType;
  id?: number | null;
}

export interface CreditNoteLineInput {
  description: string;
  skuCode?: string | null;
  /** Units credited, a positive integer. */
  quantity: number;
  /** Minor units per unit, a positive integer. */
  unitAmount: number;
  /** Minor units for the line; quantity × unitAmount when omitted, never more (less for a share of the order's discount). */
  amount?: number | null;
}

export interface IssueCreditNoteInput {
  shopId: number;
  orderId: number;
  /** OTHER with no id when omitted. */
  source?: CreditNoteSource | null;
  reason: string;
  lines: CreditNoteLineInput[];
  /** The total the caller expects; when given it must equal the sum of the lines. */
  total?: number | null;
  actor: Actor;
}

/** A credit note with its lines, in line order. */
export interface CreditNoteView {
  note: CreditNote;
  lines: CreditNoteLine[];
}

/** What an order may still be credited, in minor units of its currency. */
export interface CreditableAmount {
  orderTotal: number;
  credited: number;
  left: number;
  currency: string;
}

const isPositiveInteger = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value > 0;

/**
 * Credit notes: numbered per shop, immutable once issued. There is deliberately no update or
 * delete here; the claims and returns flows issue them inside their own transactions.
 */
export class CreditNoteService {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Issues a credit note in the caller's transaction `tx`, numbered next in the shop. Validates
   * first (lines non-empty, quantities and amounts positive integers, the total the sum of the lines
   * and not above what is left to credit on the order: its total minus the credit notes already
   * issued on it); a refusal is a UserInputError and writes nothing (at most the shop's counter row,
   * created at zero, which the caller's rollback undoes as well).
   *
   * Numbering: unlike order numbers (taken in an autocommit statement before the intake, so a failed
   * intake leaves a gap), a credit note is a fiscal document whose numbers must run without gaps. The
   * shop's counter row is therefore locked and incremented in the same transaction as the insert: a
   * rolled-back issue rolls its number back too, and concurrent issues of one shop take turns on that
   * row (on MariaDB the row lock, on SQLite the serialized writers). The lock is held until the
   * caller commits, which is acceptable for documents issued by hand, not at intake rates. The unique
   * index (shop_id, number) is the backstop against duplicates. The same lock serializes the "left to
   * credit" check of every credit note of the shop, so two concurrent ones cannot both pass it.
   *
   * Callers: issue last in your transaction, after your own rows are written, so the shop's counter
   * is held for as short a time as possible and never while you wait for other locks (a deadlock the
   * database breaks is retried by Database.transaction, which reruns your whole work).
   */
  async issue(tx: Tx, input: IssueCreditNoteInput): Promise<CreditNoteView> {
    if (!tx.runner.isTransactionActive) throw new Error("CreditNoteService.issue runs inside the caller's transaction (Database.transaction)");
    const valid = validate(input);
    const order = await this.orders.findOrderIn(tx, input.shopId, input.orderId);
    if (!order) throw new UserInputError([userError("orderId", UserErrorCode.NOT_FOUND, "No order with this id in your shop.")]);
    if (order.status === OrderStatus.CANCELLED) {
      throw new UserInputError([userError("orderId", UserErrorCode.INVALID_TRANSITION, `Order #${order.number} was cancelled and refunded in full: it takes no credit note.`)]);
    }

    const last = await this.lockCounter(tx, input.shopId);
    const creditable = await this.creditable(tx, input.shopId, order.id, order.total, order.currency);
    if (valid.total > creditable.left) {
      throw new UserInputError([
        userError(
          "total",
          UserErrorCode.CREDIT_EXCEEDS_PAID,
          `The credit note's total (${valid.total}) is more than is left to credit on order #${order.number} (${creditable.left} of ${creditable.orderTotal}).`,
        ),
      ]);
    }

    const number = last + 1;
    await tx.run("UPDATE credit_note_sequence SET last_number = ? WHERE shop_id = ?", [number, input.shopId]);
    const note = Object.assign(new CreditNote(), {
      shopId: input.shopId,
      number,
      orderId: order.id,
      sourceType: valid.source.type,
      sourceId: valid.source.id,
      reason: valid.reason,
      currency: order.currency,
      total: valid.total,
      issuedAt: this.now(),
      actorType: input.actor.type as ActorType,
      actorId: input.actor.id,
      actorName: input.actor.name ? input.actor.name.slice(0, 200) : null,
    });
    const insertNote = insertStatement(
      "credit_note",
      ["shop_id", "number", "order_id", "source_type", "source_id", "reason", "currency", "total", "issued_at", "actor_type", "actor_id", "actor_name"],
      [[note.shopId, note.number, note.orderId, note.sourceType, note.sourceId, note.reason, note.currency, note.total, sqlTimestamp(note.issuedAt), note.actorType, note.actorId, note.actorName]],
    );
    note.id = (await tx.run(insertNote.sql, insertNote.params)).firstInsertId;
    const lines = valid.lines.map((line) => Object.assign(new CreditNoteLine(), { shopId: input.shopId, creditNoteId: note.id, ...line }));
    const insertLines = insertStatement(
      "credit_note_line",
      ["shop_id", "credit_note_id", "description", "sku_code", "quantity", "unit_amount", "amount"],
      lines.map((l) => [l.shopId, l.creditNoteId, l.description, l.skuCode, l.quantity, l.unitAmount, l.amount]),
    );
    const firstLineId = (await tx.run(insertLines.sql, insertLines.params, lines.length)).firstInsertId;
    // Rows of one multi-row INSERT get consecutive ids on both databases.
    lines.forEach((line, i) => (line.id = firstLineId + i));
    return { note, lines };
  }

  /**
   * What is left to credit on an order, read in the caller's transaction (a claim or return can
   * show it before issuing). Only issue() holds the shop's counter while it reads, so only its
   * answer is safe from a concurrent issue.
   */
  async creditableAmount(tx: Tx, shopId: number, orderId: number): Promise<CreditableAmount | null> {
    const order = await this.orders.findOrderIn(tx, shopId, orderId);
    return order && this.creditable(tx, shopId, order.id, order.total, order.currency);
  }

  /** One credit note of the shop with its lines; null when the shop has none with this id. */
  async findCreditNote(shopId: number, id: number): Promise<CreditNoteView | null> {
    const note = await this.db.manager.findOneBy(CreditNote, { id, shopId });
    if (!note) return null;
    const lines = await this.linesOf(shopId, [note.id]);
    return { note, lines: lines.get(note.id) ?? [] };
  }

  /** The credit notes of these orders (oldest first, with their lines): two statements, whatever the number of orders. */
  async creditNotesByOrderIds(shopId: number, orderIds: readonly number[]): Promise<Map<number, CreditNoteView[]>> {
    if (orderIds.length === 0) return new Map();
    const notes = await this.db.manager
      .createQueryBuilder(CreditNote, "n")
      .where("n.shopId = :shopId AND n.orderId IN (:...orderIds)", { shopId, orderIds })
      .orderBy("n.id")
      .getMany();
    const lines = await this.linesOf(shopId, notes.map((n) => n.id));
    return groupBy(
      notes.map((note) => ({ note, lines: lines.get(note.id) ?? [] })),
      (view) => view.note.orderId,
    );
  }

  private async linesOf(shopId: number, creditNoteIds: number[]): Promise<Map<number, CreditNoteLine[]>> {
    if (creditNoteIds.length === 0) return new Map();
    const lines = await this.db.manager
      .createQueryBuilder(CreditNoteLine, "l")
      .where("l.shopId = :shopId AND l.creditNoteId IN (:...creditNoteIds)", { shopId, creditNoteIds })
      .orderBy("l.id")
      .getMany();
    return groupBy(lines, (l) => l.creditNoteId);
  }

  /**
   * Locks the shop's counter row until the transaction ends and answers its last number. The row
   * is created at zero with the shop's first credit note: on MariaDB an INSERT ... ON DUPLICATE
   * KEY UPDATE takes the row's exclusive lock at once (INSERT IGNORE would take a shared one, and
   * two transactions upgrading theirs would deadlock); SQLite's writers take turns anyway.
   */
  private async lockCounter(tx: Tx, shopId: number): Promise<number> {
    if (tx.dialect === "mysql") {
      await tx.run("INSERT INTO credit_note_sequence (shop_id, last_number) VALUES (?, 0) ON DUPLICATE KEY UPDATE last_number = last_number", [shopId]);
    } else {
      await tx.run("INSERT INTO credit_note_sequence (shop_id, last_number) VALUES (?, 0) ON CONFLICT (shop_id) DO NOTHING", [shopId]);
    }
    const [row] = await tx.query<{ last_number: number }>(`SELECT last_number FROM credit_note_sequence WHERE shop_id = ?${forUpdate(tx)}`, [shopId]);
    return Number(row?.last_number ?? 0);
  }

  /**
   * The order's total minus its credit notes. A locking read on MariaDB: under REPEATABLE READ a
   * plain SELECT would read the transaction's snapshot, which may predate a credit note committed
   * while this transaction waited for the counter (a test shows the over-credit without it). Its
   * next-key locks may make another shop's issue wait for this commit at the edge of the index
   * range; issues are rare, hand-made documents, so that is accepted.
   */
  private async creditable(tx: Tx, shopId: number, orderId: number, orderTotal: number, currency: string): Promise<CreditableAmount> {
    const [row] = await tx.query<{ credited: number | string | null }>(
      `SELECT COALESCE(SUM(total), 0) AS credited FROM credit_note WHERE shop_id = ? AND order_id = ?${forUpdate(tx)}`,
      [shopId, orderId],
    );
    const credited = Number(row?.credited ?? 0);
    return { orderTotal, credited, left: Math.max(0, orderTotal - credited), currency };
  }
}

const forUpdate = (tx: Tx) => (tx.dialect === "mysql" ? " FOR UPDATE" : "");

interface ValidCreditNote {
  source: { type: CreditNoteSourceType; id: number | null };
  reason: string;
  lines: Array<{ description: string; skuCode: string | null; quantity: number; unitAmount: number; amount: number }>;
  total: number;
}

/** Every rule that needs no database, checked before any statement; all refusals at once. */
function validate(input: IssueCreditNoteInput): ValidCreditNote {
  const errors: UserError[] = [];
  const source = { type: input.source?.type ?? CreditNoteSourceType.OTHER, id: input.source?.id ?? null };
  if (!Object.values(CreditNoteSourceType).includes(source.type)) {
    errors.push(userError("source.type", UserErrorCode.INVALID_FORMAT, `The source is one of ${Object.values(CreditNoteSourceType).join(", ")}.`));
  } else if (source.type !== CreditNoteSourceType.OTHER && !isPositiveInteger(source.id)) {
    errors.push(userError("source.id", UserErrorCode.REQUIRED, `A credit note for a ${source.type.toLowerCase()} names it by id.`));
  } else if (source.id !== null && !isPositiveInteger(source.id)) {
    errors.push(userError("source.id", UserErrorCode.INVALID_FORMAT, "The source's id is a positive integer."));
  }
  const reason = (input.reason ?? "").trim();
  if (!reason) errors.push(userError("reason", UserErrorCode.REQUIRED, "Say why the credit note is issued."));
  else if (reason.length > MAX_CREDIT_NOTE_REASON) errors.push(userError("reason", UserErrorCode.OUT_OF_RANGE, `The reason has at most ${MAX_CREDIT_NOTE_REASON} characters.`));

  const lines: ValidCreditNote["lines"] = [];
  if (!input.lines?.length) errors.push(userError("lines", UserErrorCode.REQUIRED, "A credit note lists at least one line."));
  else if (input.lines.length > MAX_CREDIT_NOTE_LINES) errors.push(userError("lines", UserErrorCode.TOO_MANY_ITEMS, `A credit note lists at most ${MAX_CREDIT_NOTE_LINES} lines.`));
  else {
    input.lines.forEach((line, i) => {
      const at = (field: string) => `lines.${i}.${field}`;
      const before = errors.length;
      const description = (line.description ?? "").trim();
      if (!description) errors.push(userError(at("description"), UserErrorCode.REQUIRED, "Describe what the line credits."));
      else if (description.length > MAX_CREDIT_NOTE_DESCRIPTION) errors.push(userError(at("description"), UserErrorCode.OUT_OF_RANGE, `A line's description has at most ${MAX_CREDIT_NOTE_DESCRIPTION} characters.`));
      const skuCode = line.skuCode?.trim() || null;
      if (skuCode && skuCode.length > MAX_SKU_CODE) errors.push(userError(at("skuCode"), UserErrorCode.OUT_OF_RANGE, `A sku code has at most ${MAX_SKU_CODE} characters.`));
      if (!isPositiveInteger(line.quantity)) errors.push(userError(at("quantity"), UserErrorCode.OUT_OF_RANGE, "The quantity is a positive whole number."));
      if (!isPositiveInteger(line.unitAmount) || line.unitAmount > MAX_AMOUNT) errors.push(userError(at("unitAmount"), UserErrorCode.OUT_OF_RANGE, "The unit amount is a positive whole number of minor units."));
      if (errors.length > before) return;
      const full = line.quantity * line.unitAmount;
      const amount = line.amount ?? full;
      if (!isPositiveInteger(amount)) errors.push(userError(at("amount"), UserErrorCode.OUT_OF_RANGE, "The amount is a positive whole number of minor units."));
      else if (amount > full) errors.push(userError(at("amount"), UserErrorCode.OUT_OF_RANGE, `The amount is at most quantity × unit amount (${full}).`));
      else lines.push({ description, skuCode, quantity: line.quantity, unitAmount: line.unitAmount, amount });
    });
  }
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  if (errors.length === 0) {
    if (total > MAX_AMOUNT) errors.push(userError("lines", UserErrorCode.OUT_OF_RANGE, "The credit note's total is too large."));
    else if (input.total != null && input.total !== total) {
      errors.push(userError("total", UserErrorCode.OUT_OF_RANGE, `The total (${input.total}) is not the sum of the lines (${total}).`));
    }
  }
  if (errors.length) throw new UserInputError(errors);
  return { source, reason, lines, total };
}
