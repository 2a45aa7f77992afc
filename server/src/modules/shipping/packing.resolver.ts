import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { mutationPayload } from "../../infra/graphql/errors";
import { parseId } from "../../infra/graphql/ids";
import { toOrderNode } from "../orders/order.mappers";
import { PACKING_NOTE_MAX, PackingService } from "./packing.service";
import { ReportShortAtPackingPayload } from "./packing.types";

/** The packing floor's report that allocated units are not on the shelf. */
@Resolver()
export class PackingResolver {
  constructor(private readonly packing: PackingService) {}

  @Mutation(() => ReportShortAtPackingPayload, {
    description:
      "Units of a READY order's line (partly shipped or not) were found missing when packing. In one transaction they leave stock (an ADJUSTMENT: on hand and allocated both drop by `quantity`), the line's allocated units become short, and the order goes back to AWAITING_STOCK, into Orders without stock, with the usual resolutions; it waits for a restock oldest first like every waiting order, and the customer is told (the stock delay e-mail). Refused, changing nothing: not READY (INVALID_TRANSITION), more than the line has allocated and not yet shipped (EXCEEDS_UNSHIPPED), a line of another shop (NOT_FOUND).",
  })
  async reportShortAtPacking(
    @Arg("orderLineId", () => ID, { description: "The order line found short." }) orderLineId: string,
    @Arg("quantity", () => Int, { description: "Units missing: 1 to what the line has allocated and not yet shipped." }) quantity: number,
    @Arg("note", () => String, { nullable: true, description: `What the packer saw, for the order's timeline (at most ${PACKING_NOTE_MAX} characters).` }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportShortAtPackingPayload> {
    const caller = requireCaller(ctx);
    return mutationPayload<ReportShortAtPackingPayload>(
      async () => ({ order: toOrderNode((await this.packing.reportShortAtPacking(caller, parseId(orderLineId), quantity, note)).order) }),
      { order: null },
    );
  }
}
