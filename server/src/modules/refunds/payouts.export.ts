import { Caller } from "../../infra/graphql/context";
import { csvText } from "../../infra/http/csv";
import { AuthenticatedDownload, DownloadResult } from "../../infra/http/downloads";
import { Logger } from "../../infra/logging/logger";
import { paymentDetailsForPayout } from "../payments/payment-details";
import { ExportRow, RefundPayouts, UnreadableDetails } from "./payouts.service";
import { RefundStatus } from "./refund.entity";

/**
 * Most refunds in one export file: the oldest first; pay them, mark them paid, export again. A file
 * cut at the limit says so in the `X-Export-Truncated: true` header (and `X-Export-Limit`).
 */
export const MAX_EXPORT_ROWS = 5000;

/** Unreadable refunds named in the export's warning (the count says how many there were). */
const MAX_LOGGED_UNREADABLE = 20;

/** Where the export is served (GET, with the session's Bearer token). */
export const REFUNDS_EXPORT_PATH = "/exports/refunds.csv";

const HEADER = ["refund_id", "order_number", "created_at", "customer_name", "amount", "currency", "destination", "status", "payout_details"];

/** Digits after the decimal point per currency (ISO 4217); 2 unless listed. */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, BHD: 3, KWD: 3 };

/** Minor units as a plain decimal a spreadsheet or bank file reads: 12345 BRL -> "123.45". */
export function decimalAmount(amount: number, currency: string): string {
  const digits = MINOR_DIGITS[currency] ?? 2;
  if (digits === 0) return String(amount);
  const sign = amount < 0 ? "-" : "";
  const abs = String(Math.abs(amount)).padStart(digits + 1, "0");
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** What the payout_details cell says when the details cannot be decrypted. */
const UNREADABLE: Record<UnreadableDetails["unreadable"], string> = {
  KEY_NOT_AVAILABLE: "[unreadable: key not available]",
  TAMPERED: "[unreadable: tampered or damaged]",
  MALFORMED: "[unreadable: not encrypted details]",
};

/**
 * Where the refund's money goes: the PIX key or bank account in full (the export is for whoever
 * sends it; every other view shows them masked), or a placeholder saying why they cannot be read.
 */
export function payoutDetailsForExport(row: ExportRow): string {
  if (!row.payoutDetails) return "";
  return "unreadable" in row.payoutDetails ? UNREADABLE[row.payoutDetails.unreadable] : paymentDetailsForPayout(row.payoutDetails);
}

/**
 * The CSV text: one header row, then one row per refund. Cells that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe
 * (csv-stringify's escape_formulas): a customer named "=HYPERLINK(...)" stays text.
 */
export function refundsCsv(rows: ExportRow[]): string {
  return csvText(
    rows.map((r) => [
      String(r.refundId),
      String(r.orderNumber),
      r.createdAt.toISOString(),
      r.customerName,
      decimalAmount(r.amount, r.currency),
      r.currency,
      r.destination,
      r.status,
      payoutDetailsForExport(r),
    ]),
    HEADER,
  );
}

/** GET /exports/refunds.csv?status=READY_FOR_PAYOUT (the default): the shop's refunds of that status. */
export function refundsExport(payouts: RefundPayouts, logger: Logger, maxRows = MAX_EXPORT_ROWS): AuthenticatedDownload {
  return {
    path: REFUNDS_EXPORT_PATH,
    async handle(caller: Caller, query: Record<string, unknown>): Promise<DownloadResult> {
      const status = query.status ?? RefundStatus.READY_FOR_PAYOUT;
      if (typeof status !== "string" || !(Object.values(RefundStatus) as string[]).includes(status)) {
        return { error: { code: "BAD_USER_INPUT", message: `status must be one of ${Object.values(RefundStatus).join(", ")}.` } };
      }
      const rows = await payouts.exportRows(caller.shopId, status as RefundStatus, maxRows + 1);
      const truncated = rows.length > maxRows;
      // One line per file, naming which refunds and why only: never the value, decrypted or not.
      const unreadable = rows.flatMap((r) => (r.payoutDetails && "unreadable" in r.payoutDetails ? [{ refundId: r.refundId, reason: r.payoutDetails.unreadable }] : []));
      if (unreadable.length) {
        logger.warn({ shopId: caller.shopId, count: unreadable.length, refunds: unreadable.slice(0, MAX_LOGGED_UNREADABLE) }, "payout details unreadable in the export");
      }
      const day = new Date().toISOString().slice(0, 10);
      return {
        filename: `refunds-${status.toLowerCase()}-${day}.csv`,
        contentType: "text/csv; charset=utf-8",
        body: refundsCsv(truncated ? rows.slice(0, maxRows) : rows),
        headers: { "X-Export-Limit": String(maxRows), "X-Export-Truncated": String(truncated) },
      };
    },
  };
}
