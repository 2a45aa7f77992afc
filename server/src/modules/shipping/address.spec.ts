import { UserError } from "../../infra/graphql/errors";
import { BRAZILIAN_UFS, defaultCountry, formatCep, validateShippingAddress } from "./address";

const check = (input: Record<string, unknown>, fallback: string | null = "BR") => {
  const errors: UserError[] = [];
  const address = validateShippingAddress({ street: "Rua A", city: "Cidade", postalCode: "01310-100", region: "SP", ...input } as never, fallback, "shippingAddress", errors);
  return { address, errors: errors.map((e) => `${e.field}:${e.code}`) };
};

describe("shipping addresses", () => {
  it("normalise a CEP to 00000-000 and the UF to upper case", () => {
    expect(check({ postalCode: "01310100", region: "sp" }).address).toMatchObject({ postalCode: "01310-100", region: "SP", country: "BR" });
    expect(check({ postalCode: "01310-100" }).address?.postalCode).toBe("01310-100");
    expect(formatCep("01310100")).toBe("01310-100");
  });

  it("refuse a bad CEP, a state that is not a UF, and a missing state in Brazil", () => {
    expect(check({ postalCode: "1310-100" }).errors).toEqual(["shippingAddress.postalCode:INVALID_POSTAL_CODE"]);
    expect(check({ postalCode: "ABCDE-FGH" }).errors).toEqual(["shippingAddress.postalCode:INVALID_POSTAL_CODE"]);
    expect(check({ region: "São Paulo" }).errors).toEqual(["shippingAddress.region:INVALID_REGION"]);
    expect(check({ region: null }).errors).toEqual(["shippingAddress.region:REQUIRED"]);
    expect(BRAZILIAN_UFS).toHaveLength(27);
  });

  it("check Polish postal codes as 00-000", () => {
    expect(check({ postalCode: "00-950", country: "PL", region: null }).address).toMatchObject({ postalCode: "00-950", country: "PL", region: null });
    expect(check({ postalCode: "00950", country: "PL", region: null }).errors).toEqual(["shippingAddress.postalCode:INVALID_POSTAL_CODE"]);
    expect(check({ postalCode: "00-950", region: null }, "PL").address?.country).toBe("PL");
  });

  it("need a country when the shop's cannot be told, and one postcode-validator knows", () => {
    expect(check({ region: null }, null).errors).toEqual(["shippingAddress.country:REQUIRED"]);
    expect(check({ country: "XX" }).errors).toEqual(["shippingAddress.country:INVALID_FORMAT"]);
    expect(check({ country: "BRA" }).errors).toEqual(["shippingAddress.country:OUT_OF_RANGE"]);
  });

  it("take the shop's country from its currency, else its locale", () => {
    expect(defaultCountry("BRL", "en")).toBe("BR");
    expect(defaultCountry("PLN", "pt-BR")).toBe("PL");
    expect(defaultCountry("EUR", "de-DE")).toBe("DE");
    expect(defaultCountry("EUR", "en")).toBeNull();
  });

  it("trim texts, refuse control characters and overlong values", () => {
    expect(check({ street: "  Rua  B ", complement: "  " }).address).toMatchObject({ street: "Rua  B", complement: null });
    expect(check({ street: "Rua\u0000" }).errors).toEqual(["shippingAddress.street:INVALID_FORMAT"]);
    expect(check({ number: "1".repeat(21) }).errors).toEqual(["shippingAddress.number:OUT_OF_RANGE"]);
    expect(check({ street: "", city: " " }).errors).toEqual(["shippingAddress.street:REQUIRED", "shippingAddress.city:REQUIRED"]);
  });
});
