import { downloadFile, sessionHeaders } from "../../app/download";

/** Where the server serves the catalogue export and takes import files (see the catalog module on the server). */
const EXPORT_PATH = "/exports/skus.csv";
const IMPORT_PATH = "/imports/skus.csv";
/** The server's limit for an import file (20 MiB), checked here before sending. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportRowError {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

/** What the server answers for a preview or an apply (the fields of SkuImportPayload). */
export interface ImportAnswer {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  stockIncreased: number;
  stockDecreased: number;
  ordersResumedCount: number;
  errors: ImportRowError[];
  errorCount: number;
  userErrors: Array<{ field: string | null; code: string; message: string }>;
}


/**
 * Sends an import file to be previewed or applied. Over HTTP POST rather than GraphQL: a catalogue
 * of tens of thousands of rows is bigger than a GraphQL request may be (1 MiB).
 */
export async function sendImport(mode: "preview" | "apply", text: string): Promise<ImportAnswer> {
  const response = await fetch(`${IMPORT_PATH}?mode=${mode}`, { method: "POST", headers: { "content-type": "text/csv", ...sessionHeaders() }, body: text });
  if (!response.ok) throw new Error(`import failed: ${response.status}`);
  return (await response.json()) as ImportAnswer;
}

/** Downloads the catalogue with its stock as a CSV file (the import's format). */
export async function downloadSkusExport(): Promise<void> {
  await downloadFile(EXPORT_PATH, "skus.csv");
}
