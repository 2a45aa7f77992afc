import { addDays, calendarToday, dateCovering, expectedLineDates, orderExpectedDate, sortDeliveries, WaitingShortLine } from "./expected-dates";

const TODAY = "2026-11-27";
let nextLine = 1;
const line = (orderId: number, short: number): WaitingShortLine => ({ lineId: nextLine++, orderId, short });
const datesOf = (lines: WaitingShortLine[], dates: Map<number, string | null>) => lines.map((l) => dates.get(l.lineId));

describe("expected restock dates", () => {
  it("walks the FIFO queue against several deliveries, soonest first whatever order they are given in", () => {
    const lines = [line(1, 3), line(2, 2), line(3, 4), line(4, 1)];
    const dates = expectedLineDates(
      lines,
      0,
      [
        { expectedOn: "2026-12-20", quantity: 5 },
        { expectedOn: "2026-12-05", quantity: 3 },
      ],
      TODAY,
    );
    // 3 units on 12-05 cover order 1 exactly; order 2 needs units 4-5: the 12-20 delivery; order 3
    // needs units 6-9 and order 4 unit 10: 12-20 brings 8 in all, so order 3 is not covered.
    expect(datesOf(lines, dates)).toEqual(["2026-12-05", "2026-12-20", null, null]);
  });

  it("gives a line partly covered by a delivery the date of the one that completes it", () => {
    const lines = [line(10, 2), line(11, 5)];
    const dates = expectedLineDates(
      lines,
      1,
      [
        { expectedOn: "2026-12-01", quantity: 3 },
        { expectedOn: "2026-12-10", quantity: 2 },
        { expectedOn: "2026-12-15", quantity: 10 },
      ],
      TODAY,
    );
    // 1 available + 3 on 12-01 = 4: order 10 (2) covered on 12-01, order 11 gets 2 of 5 then; +2 on 12-10 = 6 < 7; 12-15 completes it.
    expect(datesOf(lines, dates)).toEqual(["2026-12-01", "2026-12-15"]);
  });

  it("counts what is left of a delivery received partially, and stock available now as today", () => {
    const lines = [line(20, 1), line(21, 4)];
    // A delivery of 10 of which 7 were received counts as the 3 still expected.
    const dates = expectedLineDates(lines, 1, [{ expectedOn: "2026-12-03", quantity: 10 - 7 }], TODAY);
    expect(datesOf(lines, dates)).toEqual([TODAY, null]);
    expect(expectedLineDates(lines, 1, [{ expectedOn: "2026-12-03", quantity: 10 - 6 }], TODAY).get(lines[1]!.lineId)).toBe("2026-12-03");
  });

  it("has no date for anyone without deliveries, and ignores deliveries with nothing left", () => {
    const lines = [line(30, 1), line(31, 2)];
    expect(datesOf(lines, expectedLineDates(lines, 0, [], TODAY))).toEqual([null, null]);
    expect(datesOf(lines, expectedLineDates(lines, 0, [{ expectedOn: "2026-12-01", quantity: 0 }], TODAY))).toEqual([null, null]);
    expect(sortDeliveries([{ expectedOn: "2026-12-01", quantity: 0 }])).toEqual([]);
  });

  it("depends on the FIFO position only: a line further back gets a later date or none", () => {
    const deliveries = [
      { expectedOn: "2026-12-02", quantity: 4 },
      { expectedOn: "2026-12-09", quantity: 4 },
    ];
    const sorted = sortDeliveries(deliveries);
    expect([1, 4, 5, 8, 9].map((through) => dateCovering(through, 0, sorted, TODAY))).toEqual(["2026-12-02", "2026-12-02", "2026-12-09", "2026-12-09", null]);
  });

  it("never promises a date in the past: a late delivery is expected today", () => {
    expect(dateCovering(2, 0, [{ expectedOn: "2026-11-20", quantity: 5 }], TODAY)).toBe(TODAY);
  });

  it("dates an order by its latest short line, and leaves it without a date when any line has none", () => {
    expect(orderExpectedDate(["2026-12-05", "2026-12-20", "2026-12-01"])).toBe("2026-12-20");
    expect(orderExpectedDate(["2026-12-05", null])).toBeNull();
    expect(orderExpectedDate([])).toBeNull();
  });

  it("takes today as the date at UTC-12, so a shop in Brazil may record its own today", () => {
    // 22:30 in São Paulo (UTC-3) on 27 November is 01:30 UTC on the 28th.
    expect(calendarToday(new Date("2026-11-28T01:30:00Z"))).toBe("2026-11-27");
    expect(calendarToday(new Date("2026-11-27T15:00:00Z"))).toBe("2026-11-27");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});
