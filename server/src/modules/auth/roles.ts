import { registerEnumType } from "type-graphql";

/** What a staff user may do in their shop; each role may do everything the ones below it may. */
export enum StaffRole {
  OWNER = "OWNER",
  MANAGER = "MANAGER",
  OPERATOR = "OPERATOR",
}
registerEnumType(StaffRole, {
  name: "StaffRole",
  description: "OWNER: everything, the team and its owners included. MANAGER: everything but the team. OPERATOR: reads, resolves orders and handles stock; not money, settings or the team.",
  valuesConfig: {
    OWNER: { description: "Everything, including the team and who owns the shop." },
    MANAGER: { description: "Everything but managing the team: payout account, refunds paid, payout export, shop settings." },
    OPERATOR: { description: "Reads, resolves orders, restocks, adjusts and expects stock, offers substitutes." },
  },
});

const RANK: Record<StaffRole, number> = { OPERATOR: 1, MANAGER: 2, OWNER: 3 };

/** Whether `role` may do what `needed` may. */
export const roleAtLeast = (role: string | null | undefined, needed: StaffRole): boolean => isStaffRole(role) && RANK[role] >= RANK[needed];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(RANK, value);
}
