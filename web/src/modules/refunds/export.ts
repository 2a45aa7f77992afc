import { downloadFile } from "../../app/download";

/** Where the server serves the payout export (see the refunds module on the server). */
const EXPORT_PATH = "/exports/refunds.csv";

/**
 * Downloads the READY_FOR_PAYOUT refunds as a CSV file.
 */
export async function downloadPayoutExport(): Promise<{ truncatedAt: number | null }> {
  const response = await downloadFile(`${EXPORT_PATH}?status=READY_FOR_PAYOUT`, "refunds.csv");
  // The server cuts a file at its limit and says so.
  return { truncatedAt: response.headers.get("x-export-truncated") === "true" ? Number(response.headers.get("x-export-limit")) : null };
}
