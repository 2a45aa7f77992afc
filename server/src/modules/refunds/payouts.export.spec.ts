import { RefundDestination, RefundStatus } from "./refund.entity";
import { decimalAmount, refundsCsv } from "./payouts.export";

describe("payout export", () => {
  it("writes minor units as a plain decimal in the currency's digits", () => {
    expect([decimalAmount(12345, "BRL"), decimalAmount(5, "BRL"), decimalAmount(0, "BRL"), decimalAmount(-150, "BRL"), decimalAmount(500, "JPY")]).toEqual([
      "123.45", "0.05", "0.00", "-1.50", "500",
    ]);
  });

  it("turns every formula-looking cell into text, whatever the column", () => {
    const row = { refundId: 1, orderNumber: 2, createdAt: new Date("2026-11-27T10:00:00Z"), customerName: "@cmd|' /C calc'!A0", amount: 100, currency: "BRL", destination: RefundDestination.MERCHANT, status: RefundStatus.READY_FOR_PAYOUT, payoutDetails: null };
    const [, line] = refundsCsv([row]).replace(/^\uFEFF/, "").split("\r\n");
    expect(line).toBe("1,2,2026-11-27T10:00:00.000Z,'@cmd|' /C calc'!A0,1.00,BRL,MERCHANT,READY_FOR_PAYOUT,");
  });
});
