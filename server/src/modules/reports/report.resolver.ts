import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { RequestContext, requireCaller } from "../../infra/graphql/context";
import { ReportService } from "./report.service";
import { ReportNode, ReportRangeInput } from "./report.types";

@Resolver()
export class ReportResolver {
  constructor(private readonly reports: ReportService) {}

  @Query(() => ReportNode, {
    description:
      "What stockouts cost the shop over a range of days in its time zone (at most 366), with the previous period for comparison: orders, cancel rate, resolutions, waiting times, revenue at risk and lost, refunds, the skus most hurt, claims and returns. A range that is reversed or too long is refused with BAD_USER_INPUT.",
  })
  report(@Ctx() ctx: RequestContext, @Arg("range", () => ReportRangeInput, { description: "The days, in the shop's time zone." }) range: ReportRangeInput): Promise<ReportNode> {
    return this.reports.report(requireCaller(ctx).shopId, range);
  }
}
