import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSessionToken } from "./auth";

/** Without a session, go to /login and come back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const token = useSessionToken();
  const location = useLocation();
  if (!token) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return children;
}
