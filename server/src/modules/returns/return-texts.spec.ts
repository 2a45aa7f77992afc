import { returnTexts } from "./return.service";

describe("returnTexts", () => {
  it("words a received return in the shop's language, English otherwise", () => {
    expect(returnTexts("pt-BR", 4, 1002).received).toBe("Devolução #4 do pedido #1002 recebida");
    expect(returnTexts("pl", 4, 1002).withdrawalReceived).toMatch(/^Odstąpienie od umowy: zwrot #4 zamówienia #1002 przyjęty/);
    expect(returnTexts("en", 4, 1002).exchange).toBe("Exchange for return #4 of order #1002");
    expect(returnTexts("de", 4, 1002).stockBack).toBe("Return #4 of order #1002");
  });
});
