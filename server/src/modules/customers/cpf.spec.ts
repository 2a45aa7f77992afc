import { isCpfValid, maskCpf, normalizeCpf } from "./cpf";

describe("CPF", () => {
  it("accepts valid check digits with or without punctuation", () => {
    expect(isCpfValid("529.982.247-25")).toBe(true);
    expect(isCpfValid("52998224725")).toBe(true);
  });

  it("refuses wrong check digits, repeated digits and wrong lengths", () => {
    expect(isCpfValid("529.982.247-26")).toBe(false);
    expect(isCpfValid("111.111.111-11")).toBe(false);
    expect(isCpfValid("5299822472")).toBe(false);
  });

  it("accepts only eleven digits or 000.000.000-00, with spaces around at most", () => {
    expect(isCpfValid("  529.982.247-25 ")).toBe(true);
    for (const written of ["abc529def982ghi247jk25", "529 982 247 25", "529/982/247-25", "529.982.24725", "529-982-247-25", "cpf52998224725"]) {
      expect(isCpfValid(written)).toBe(false);
    }
  });

  it("normalises to digits and masks all but the middle six", () => {
    expect(normalizeCpf("529.982.247-25")).toBe("52998224725");
    expect(maskCpf("52998224725")).toBe("***.982.247-**");
  });
});
