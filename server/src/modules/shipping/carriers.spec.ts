import { Carrier, CARRIER_VALUES, CARRIERS, isValidTrackingCode, normalizeTrackingCode, trackingUrl, validTrackingUrl } from "./carriers";

describe("carriers", () => {
  it("link every known carrier's tracking page over https, with the code in it, encoded", () => {
    for (const carrier of CARRIER_VALUES.filter((c) => c !== Carrier.OTHER)) {
      const url = trackingUrl(carrier, "AB-123/4");
      expect(url).toMatch(/^https:\/\//);
      expect(url).toContain("AB-123%2F4");
      expect(new URL(url!).protocol).toBe("https:");
      expect(CARRIERS[carrier].trackingUrlTemplate).toContain("{code}");
    }
    expect(trackingUrl(Carrier.OTHER, "X")).toBeNull();
  });

  it("use the templates as given", () => {
    expect(trackingUrl(Carrier.CORREIOS, "QB123456789BR")).toBe("https://rastreamento.correios.com.br/app/index.php?objetos=QB123456789BR");
    expect(trackingUrl(Carrier.INPOST, "620123456789012345678901")).toBe("https://inpost.pl/sledzenie-przesylek?number=620123456789012345678901");
    expect(trackingUrl(Carrier.POCZTA_POLSKA, "00659007734560000000")).toBe("https://emonitoring.poczta-polska.pl/?numer=00659007734560000000");
    expect(trackingUrl(Carrier.DPD, "0000123456789U")).toBe("https://tracktrace.dpd.com.pl/parcelDetails?typ=1&p1=0000123456789U");
  });

  it("name each carrier as customers know it", () => {
    expect(CARRIERS[Carrier.J_T].name).toBe("J&T Express");
    expect(CARRIERS[Carrier.TOTAL_EXPRESS].name).toBe("Total Express");
    expect(new Set(CARRIER_VALUES.map((c) => CARRIERS[c].name)).size).toBe(CARRIER_VALUES.length);
  });

  it("accept Correios codes in the S10 form only, and plain codes elsewhere", () => {
    expect(normalizeTrackingCode(" qb 123 456 789 br ")).toBe("QB123456789BR");
    expect(isValidTrackingCode(Carrier.CORREIOS, "QB123456789BR")).toBe(true);
    for (const bad of ["QB12345678BR", "QB123456789US", "1B123456789BR", "QB1234567890BR", "123456789"]) expect(isValidTrackingCode(Carrier.CORREIOS, bad)).toBe(false);
    expect(isValidTrackingCode(Carrier.JADLOG, "10082513456789")).toBe(true);
    expect(isValidTrackingCode(Carrier.LOGGI, "LGI-0001")).toBe(true);
    for (const bad of ["ABC", "-ABCD", "ABCD-", "AB/CD", "A".repeat(41), "ÁBCD"]) expect(isValidTrackingCode(Carrier.OTHER, bad)).toBe(false);
  });

  it("take only absolute http(s) tracking URLs", () => {
    expect(validTrackingUrl(" https://rastreio.test/x?c=1 ")).toBe("https://rastreio.test/x?c=1");
    expect(validTrackingUrl("http://rastreio.test/")).toBe("http://rastreio.test/");
    for (const bad of ["javascript:alert(1)", "ftp://x.test/a", "/relative", "rastreio.test/x", "data:text/html,hi", `https://x.test/${"a".repeat(500)}`, ""]) {
      expect(validTrackingUrl(bad)).toBeNull();
    }
  });
});
