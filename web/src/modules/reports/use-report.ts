import type { DayRange } from "./range";
import type { ReportView } from "./report-view";

/** The report for `range` and the summary of `previous` (placeholder until the server's `report` query is merged). */
export function useReportView(range: DayRange | null, previous: DayRange | null): { view: ReportView | null; loading: boolean; error: unknown; refetch: () => Promise<unknown> } {
  void range;
  void previous;
  return { view: null, loading: true, error: undefined, refetch: async () => undefined };
}
