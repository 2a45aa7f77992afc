import { Field, Int, ObjectType } from "type-graphql";
import { UserError, UserErrorCode } from "../../infra/graphql/errors";

@ObjectType({ description: "One problem in an import file, by line and column." })
export class SkuImportRowError {
  @Field(() => Int, { description: "The file's line, 1 being the header." })
  line!: number;

  @Field(() => String, { nullable: true, description: "The column (code, name, price, barcode, image_url, on_hand, or an unknown one's name); null for the whole line or file." })
  column!: string | null;

  @Field(() => UserErrorCode, { description: "Machine-readable reason." })
  code!: UserErrorCode;

  @Field({ description: "Human-readable explanation, in English." })
  message!: string;
}

@ObjectType({ description: "What an import file would do (previewSkuImport) or did (applySkuImport)." })
export class SkuImportPayload {
  @Field(() => Int, { description: "Data rows in the file (the header not counted)." })
  rows!: number;

  @Field(() => Int, { description: "Skus the file creates." })
  created!: number;

  @Field(() => Int, { description: "Existing skus whose name, price, barcode or image the file changes." })
  updated!: number;

  @Field(() => Int, { description: "Existing skus the file leaves as they are (their stock may still change)." })
  unchanged!: number;

  @Field(() => Int, { description: "Skus whose stock on hand rises (a RESTOCK: waiting orders are served)." })
  stockIncreased!: number;

  @Field(() => Int, { description: "Skus whose stock on hand falls (an ADJUSTMENT; never below what is allocated)." })
  stockDecreased!: number;

  @Field(() => Int, { description: "Orders that resumed (READY) with the stock the import added; 0 for a preview." })
  ordersResumedCount!: number;

  @Field(() => [SkuImportRowError], { description: "Every problem of the file by line (the first 1,000); applySkuImport applies nothing while there is one." })
  errors!: SkuImportRowError[];

  @Field(() => Int, { description: "How many problems in all." })
  errorCount!: number;

  @Field(() => [UserError], { description: "IMPORT_HAS_ERRORS when applySkuImport was refused for the errors above; empty otherwise." })
  userErrors!: UserError[];
}
