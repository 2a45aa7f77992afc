import { RefundDestination, RefundStatus } from "./refund.entity";
import { BankAccountType, PixKeyType } from "../payments/payment-details";
import { decimalAmount, payoutDetailsForExport, refundsCsv } from "./payouts.export";

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

  it("writes the payout details in full, a placeholder when unreadable, and nothing when there are none", () => {
    const row = { refundId: 1, orderNumber: 2, createdAt: new Date("2026-11-27T10:00:00Z"), customerName: "Ana", amount: 100, currency: "BRL", destination: RefundDestination.CUSTOMER, status: RefundStatus.READY_FOR_PAYOUT };
    const bank = { kind: "BANK_ACCOUNT", bankCode: "001", bankName: "Banco do Brasil", branch: "1584", account: "00210169", accountDigit: "6", accountType: BankAccountType.CHECKING, holderName: "=Ana, \"Lima\"", holderDocument: "52998224725" } as const;
    expect(payoutDetailsForExport({ ...row, payoutDetails: { kind: "PIX", keyType: PixKeyType.PHONE, key: "+5511987654321" } })).toBe("PIX PHONE +5511987654321");
    expect(payoutDetailsForExport({ ...row, payoutDetails: { unreadable: "KEY_NOT_AVAILABLE" } })).toBe("[unreadable: key not available]");
    expect(payoutDetailsForExport({ ...row, payoutDetails: null })).toBe("");
    const [, line] = refundsCsv([{ ...row, payoutDetails: bank }]).replace(/^\uFEFF/, "").split("\r\n");
    expect(line).toBe('1,2,2026-11-27T10:00:00.000Z,Ana,1.00,BRL,CUSTOMER,READY_FOR_PAYOUT,"Banco 001 ag 1584 conta 00210169-6 CHECKING, =Ana, ""Lima"", CPF 529.982.247-25"');
  });
});
