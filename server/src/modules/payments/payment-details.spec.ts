import { generateCnpj, generateCpf } from "@brazilian-utils/brazilian-utils";
import { DataCipher } from "../../infra/crypto/data-cipher";
import { DataCipherError } from "../../infra/crypto/data-cipher";
import { BankAccountType, maskPaymentDetails, openPaymentDetails, paymentDetailsForPayout, PixKeyType, sealPaymentDetails, searchBanks, validatePaymentDetails } from "./payment-details";

const account = (overrides: Record<string, string> = {}) => ({
  bankCode: "001",
  branch: "1584",
  account: "00210169-6",
  accountType: BankAccountType.SAVINGS,
  holderName: "Ana Lima",
  holderDocument: generateCpf(),
  ...overrides,
});

describe("payment details", () => {
  it.each([
    ["001", "1584", "00210169-6"],
    ["041", "2664", "358507670-6"],
    ["260", "0001", "5216125-0"],
  ])("accepts bank %s's account with its right check digit, and refuses a wrong one", (bankCode, branch, good) => {
    expect(validatePaymentDetails({ bankAccount: account({ bankCode, branch, account: good }) }).errors).toEqual([]);
    const wrongDigit = good.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(validatePaymentDetails({ bankAccount: account({ bankCode, branch, account: wrongDigit }) }).errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      "bankAccount.account:INVALID_BANK_ACCOUNT",
    ]);
  });

  it("normalizes PIX keys to their registered form", () => {
    const key = (keyType: PixKeyType, value: string) => (validatePaymentDetails({ pix: { keyType, key: value } }).details as { key: string }).key;
    expect(key(PixKeyType.PHONE, "(11) 98765-4321")).toBe("+5511987654321");
    expect(key(PixKeyType.PHONE, "+55 11 98765-4321")).toBe("+5511987654321");
    expect(key(PixKeyType.EMAIL, " Ana@Example.com ")).toBe("ana@example.com");
    const cnpj = generateCnpj();
    expect(key(PixKeyType.CNPJ, cnpj)).toBe(cnpj.replace(/\D/g, ""));
  });

  it("masks every kind of destination", () => {
    expect(maskPaymentDetails({ kind: "PIX", keyType: PixKeyType.CPF, key: "12345678909" })).toBe("PIX CPF ***.***.789-**");
    expect(maskPaymentDetails({ kind: "PIX", keyType: PixKeyType.CNPJ, key: "11222333000181" })).toBe("PIX CNPJ **.***.***/0001-**");
    expect(maskPaymentDetails({ kind: "PIX", keyType: PixKeyType.EMAIL, key: "ana.souza@example.com" })).toBe("PIX EMAIL ana***@***.com");
    expect(maskPaymentDetails({ kind: "PIX", keyType: PixKeyType.PHONE, key: "+5511987654321" })).toBe("PIX PHONE ****-4321");
    expect(maskPaymentDetails({ kind: "PIX", keyType: PixKeyType.RANDOM, key: "71c7d9be-4b85-4e43-9f1c-1f3b8b4e9a2d" })).toBe("PIX RANDOM ****9a2d");
    const bank = validatePaymentDetails({ bankAccount: account() }).details!;
    expect(maskPaymentDetails(bank)).toBe("001 SAVINGS ****-6");
  });

  it("seals details so they open only with their context", () => {
    const cipher = DataCipher.ephemeral();
    const details = validatePaymentDetails({ bankAccount: account() }).details!;
    const sealed = sealPaymentDetails(cipher, details, "refund:1:payout-details");
    expect(sealed).not.toContain("00210169");
    expect(openPaymentDetails(cipher, sealed, "refund:1:payout-details")).toEqual(details);
    expect(() => openPaymentDetails(cipher, sealed, "refund:2:payout-details")).toThrow();
  });

  it("opens sealed details that are not JSON with an error that quotes nothing of them", () => {
    const cipher = DataCipher.ephemeral();
    const sealed = cipher.encrypt("ana.secret@example.com", "refund:1:payout-details");
    const error = (() => {
      try {
        openPaymentDetails(cipher, sealed, "refund:1:payout-details");
      } catch (e) {
        return e as DataCipherError;
      }
    })();
    expect(error).toBeInstanceOf(DataCipherError);
    expect(error!.reason).toBe("MALFORMED");
    expect(`${error!.message} ${error!.stack}`).not.toContain("secret");
  });

  it("writes the details in full for the payout, documents formatted", () => {
    expect(paymentDetailsForPayout({ kind: "PIX", keyType: PixKeyType.CPF, key: "52998224725" })).toBe("PIX CPF 529.982.247-25");
    expect(paymentDetailsForPayout({ kind: "PIX", keyType: PixKeyType.CNPJ, key: "11222333000181" })).toBe("PIX CNPJ 11.222.333/0001-81");
    expect(paymentDetailsForPayout({ kind: "PIX", keyType: PixKeyType.EMAIL, key: "ana@example.com" })).toBe("PIX EMAIL ana@example.com");
    expect(paymentDetailsForPayout({ kind: "PIX", keyType: PixKeyType.PHONE, key: "+5511987654321" })).toBe("PIX PHONE +5511987654321");
    const savings = validatePaymentDetails({ bankAccount: account({ holderDocument: "529.982.247-25" }) }).details!;
    expect(paymentDetailsForPayout(savings)).toBe("Banco 001 ag 1584 conta 00210169-6 SAVINGS, Ana Lima, CPF 529.982.247-25");
    const company = validatePaymentDetails({ bankAccount: account({ accountType: BankAccountType.CHECKING, holderName: "Loja Ltda", holderDocument: "11.222.333/0001-81" }) }).details!;
    expect(paymentDetailsForPayout(company)).toBe("Banco 001 ag 1584 conta 00210169-6 CHECKING, Loja Ltda, CNPJ 11.222.333/0001-81");
  });

  it("searches banks by code or name, accents ignored, bounded", () => {
    expect(searchBanks("itaú").some((b) => b.code === "341")).toBe(true);
    expect(searchBanks("237")[0]).toEqual(expect.objectContaining({ code: "237" }));
    expect(searchBanks("").length).toBe(20);
  });
});
