import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type StaffRole, useCurrentUserQuery } from "../generated/graphql";
import { EmptyState } from "./ui/States";

const RANK: Record<StaffRole, number> = { OPERATOR: 1, MANAGER: 2, OWNER: 3 };

/**
 * The signed-in user's role, or null while it loads. The server refuses what a role may not do
 * (the role map, server/src/modules/auth/access.ts); the UI only hides it.
 */
export function useRole(): StaffRole | null {
  const { data } = useCurrentUserQuery();
  return data?.me.role ?? null;
}

/** Whether the signed-in user has `needed` or a role above it (false while loading: hidden until known). */
export function useHasRole(needed: StaffRole): boolean {
  const role = useRole();
  return role !== null && RANK[role] >= RANK[needed];
}

/** A page only `role` and above may use; others are told which role it needs. */
export function RequireRole({ role, children }: { role: StaffRole; children: ReactNode }) {
  const { t } = useTranslation();
  const { data, loading } = useCurrentUserQuery();
  if (loading && !data) return null;
  const current = data?.me.role;
  if (!current || RANK[current] < RANK[role]) return <EmptyState title={t("roles.needsRole", { role: t(`roles.${role}`) })} pageTitle testId="needs-role" />;
  return children;
}
