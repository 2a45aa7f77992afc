import { isValidGtin } from "./sku.validation";

describe("isValidGtin", () => {
  it.each(["96385074", "036000291452", "4006381333931", "7891000315507", "10012345678902", "00000000"])("accepts %s", (code) => {
    expect(isValidGtin(code)).toBe(true);
  });
  it.each(["96385075", "036000291453", "4006381333932", "7891000315508", "1234567", "123456789", "40063813339311", "abcdefgh", "", "400638133393a"])(
    "refuses %s",
    (code) => {
      expect(isValidGtin(code)).toBe(false);
    },
  );
});
