import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { Caller, RequestContext, requireCaller } from "../../infra/graphql/context";
import { AuthenticatedDownload, AuthenticatedUpload, DownloadResult } from "../../infra/http/downloads";
import { ImportRefused, ImportResult, ImportSummary, MAX_IMPORT_ROWS, SkuImportService } from "./sku-import.service";
import { SkuImportPayload } from "./sku-import.types";

const CSV_DOC =
  `The file's text: a header line naming the columns (code, name, price required; barcode, image_url, on_hand optional; any order), ` +
  `then one sku per line, comma-separated, UTF-8, quoted as in RFC 4180. price in minor units (1990 = 19.90); on_hand the stock on hand to set ` +
  `(empty: unchanged). At most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows, and the request at most 1 MiB.`;

/** Where the catalogue export is served (GET, with the session's Bearer token). */
export const SKUS_EXPORT_PATH = "/exports/skus.csv";

@Resolver()
export class SkuImportResolver {
  constructor(private readonly imports: SkuImportService) {}

  @Query(() => SkuImportPayload, { description: "Checks an import file and says what it would change, listing every error by line and column. Changes nothing." })
  async previewSkuImport(@Arg("csv", { description: CSV_DOC }) csv: string, @Ctx() ctx: RequestContext): Promise<SkuImportPayload> {
    return payload(await this.imports.preview(requireCaller(ctx), csv));
  }

  @Mutation(() => SkuImportPayload, {
    description:
      "Imports the file: every row in one transaction, or nothing (IMPORT_HAS_ERRORS, with the errors, when any row is wrong). Stock that rises is a RESTOCK served to waiting orders oldest first; stock that falls is an ADJUSTMENT and may not go below what is allocated.",
  })
  async applySkuImport(@Arg("csv", { description: CSV_DOC }) csv: string, @Ctx() ctx: RequestContext): Promise<SkuImportPayload> {
    try {
      return payload(await this.imports.apply(requireCaller(ctx), csv));
    } catch (error) {
      if (error instanceof ImportRefused) return { ...payload(error.summary), userErrors: error.errors };
      throw error;
    }
  }
}

function payload(result: ImportSummary | ImportResult): SkuImportPayload {
  return { ordersResumedCount: 0, ...result, userErrors: [] };
}

/** GET /exports/skus.csv: the shop's active skus with their stock on hand, in the import's format. */
export function skusExport(imports: SkuImportService): AuthenticatedDownload {
  return {
    path: SKUS_EXPORT_PATH,
    async handle(caller: Caller): Promise<DownloadResult> {
      const day = new Date().toISOString().slice(0, 10);
      return { filename: `skus-${day}.csv`, contentType: "text/csv; charset=utf-8", body: await imports.exportCsv(caller.shopId) };
    },
  };
}

/** Where a large import file is posted: POST /imports/skus.csv?mode=preview|apply, body text/csv. */
export const SKUS_IMPORT_PATH = "/imports/skus.csv";
/** The import upload's body limit: a 50,000-row file with long names and URLs fits. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * The import for files past the GraphQL request's 1 MiB: the same preview and apply, answering the
 * same fields as SkuImportPayload in JSON (`mode=preview` by default; `mode=apply`).
 */
export function skusImportUpload(imports: SkuImportService): AuthenticatedUpload {
  return {
    path: SKUS_IMPORT_PATH,
    maxBytes: MAX_IMPORT_BYTES,
    contentTypes: ["text/csv", "text/plain"],
    async handle(caller, body, query) {
      const mode = query.mode ?? "preview";
      if (mode === "preview") return { status: 200, body: payload(await imports.preview(caller, body)) };
      if (mode !== "apply") return { status: 400, body: { error: { code: "BAD_USER_INPUT", message: "mode must be preview or apply." } } };
      try {
        return { status: 200, body: payload(await imports.apply(caller, body)) };
      } catch (error) {
        if (error instanceof ImportRefused) return { status: 200, body: { ...payload(error.summary), userErrors: error.errors } };
        throw error;
      }
    },
  };
}
