/** Ids travel as GraphQL `ID` strings; anything that is not a positive integer matches nothing. */
export function parseId(id: string): number | null {
  return /^[1-9]\d{0,14}$/.test(id) ? Number(id) : null;
}
