/**
 * Expected restock dates: when can a waiting order line expect its missing units?
 *
 * Pure functions, no database. The waiting lines of a sku are served in the restock engine's FIFO
 * order (WaitingOrders: orders AWAITING_STOCK or ON_HOLD_FOR_RESTOCK, by order id then line id),
 * each taking all it is short before the next gets anything. So a line is covered once the supply
 * (the units available now, then the open deliveries by date) reaches the units needed by every
 * line ahead of it plus its own.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** An open delivery's units still to come and the day they are expected. */
export interface ExpectedDelivery {
  expectedOn: IsoDate;
  /** Units still expected (a partly received delivery counts what is left). */
  quantity: number;
}

/** A waiting line short of the sku, in FIFO order. */
export interface WaitingShortLine {
  lineId: number;
  orderId: number;
  short: number;
}

/** Open deliveries soonest first (ties: as given), without the ones that bring nothing. */
export function sortDeliveries(deliveries: readonly ExpectedDelivery[]): ExpectedDelivery[] {
  return deliveries.filter((d) => d.quantity > 0).sort((a, b) => (a.expectedOn < b.expectedOn ? -1 : a.expectedOn > b.expectedOn ? 1 : 0));
}

/**
 * The day by which `unitsThrough` units (everything the lines up to and including this one in FIFO
 * order are short) will have come in: `today` when the stock available now covers them, else the
 * date of the delivery that completes them (never before `today`: a late delivery is expected any
 * day now), else null ("sem previsão"). `deliveries` must be sorted (sortDeliveries).
 */
export function dateCovering(unitsThrough: number, available: number, deliveries: readonly ExpectedDelivery[], today: IsoDate): IsoDate | null {
  let supply = Math.max(0, available);
  if (supply >= unitsThrough) return today;
  for (const delivery of deliveries) {
    supply += delivery.quantity;
    if (supply >= unitsThrough) return delivery.expectedOn < today ? today : delivery.expectedOn;
  }
  return null;
}

/**
 * The expected date of each waiting line of one sku. `lines` in the restock engine's FIFO order;
 * walks cumulative need against cumulative supply.
 */
export function expectedLineDates(
  lines: readonly WaitingShortLine[],
  available: number,
  deliveries: readonly ExpectedDelivery[],
  today: IsoDate,
): Map<number, IsoDate | null> {
  const sorted = sortDeliveries(deliveries);
  const dates = new Map<number, IsoDate | null>();
  let need = 0;
  for (const line of lines) {
    need += line.short;
    dates.set(line.lineId, dateCovering(need, available, sorted, today));
  }
  return dates;
}

/** An order's expected date: the latest of its short lines' dates; null when any of them has none (or it has none short). */
export function orderExpectedDate(lineDates: ReadonlyArray<IsoDate | null>): IsoDate | null {
  if (lineDates.length === 0) return null;
  let latest: IsoDate = "";
  for (const date of lineDates) {
    if (date === null) return null;
    if (date > latest) latest = date;
  }
  return latest;
}

/**
 * "Today" for expected dates and for refusing past ones: the calendar date at UTC-12, the last
 * place where a day is still today. A shop in Brazil (UTC-3) may always record its own today.
 */
export function calendarToday(now: Date): IsoDate {
  return new Date(now.getTime() - 12 * 3600_000).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
