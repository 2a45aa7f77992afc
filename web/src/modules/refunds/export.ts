import { getToken } from "../../app/auth";

/** Where the server serves the payout export (see the refunds module on the server). */
const EXPORT_PATH = "/exports/refunds.csv";

/**
 * Downloads the READY_FOR_PAYOUT refunds as a CSV file. A plain link cannot carry the session's
 * Bearer token, so the file is fetched and handed to the browser as a download.
 */
export async function downloadPayoutExport(): Promise<{ truncatedAt: number | null }> {
  const token = getToken();
  const response = await fetch(`${EXPORT_PATH}?status=READY_FOR_PAYOUT`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`export failed: ${response.status}`);
  const filename = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "refunds.csv";
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before the blob goes.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  // The server cuts a file at its limit and says so.
  return { truncatedAt: response.headers.get("x-export-truncated") === "true" ? Number(response.headers.get("x-export-limit")) : null };
}
