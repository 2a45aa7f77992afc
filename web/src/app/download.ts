import { getToken } from "./auth";
import { toCsv, type CsvCell } from "./csv";

/** The session's Bearer header for the server's file routes (downloads and uploads). */
export const sessionHeaders = (): Record<string, string> => {
  const token = getToken();
  return token ? { authorization: `Bearer ${token}` } : {};
};

/**
 * Fetches a file from one of the server's authenticated GET routes and hands it to the browser as
 * a download: a plain link cannot carry the session's Bearer token. Answers the response (its
 * headers may say more, e.g. that the file was cut at a limit).
 */
export async function downloadFile(url: string, fallbackName: string): Promise<Response> {
  const response = await fetch(url, { headers: sessionHeaders() });
  if (!response.ok) throw new Error(`download failed: ${response.status}`);
  const filename = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  saveBlob(await response.blob(), filename);
  return response;
}

/** Hands a file made in the browser (e.g. a CSV of a table on screen) to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const objectUrl = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = objectUrl;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before the blob goes.
    window.setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  }
}

/** Downloads a table made in the browser as a CSV file (see toCsv). */
export function downloadCsv(filename: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): void {
  saveBlob(new Blob([toCsv(header, rows)], { type: "text/csv;charset=utf-8" }), filename);
}
