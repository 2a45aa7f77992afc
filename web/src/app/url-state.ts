import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";

/**
 * A text filter kept in the URL query string (so the filtered list can be shared), written
 * there once the merchant stops typing for `delayMs`. Returns the text as typed; trim it when
 * building the query.
 */
export function useDebouncedSearchParam(name: string, delayMs = 300): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const inUrl = params.get(name) ?? "";
  const [draft, setDraft] = useState(inUrl);

  // Back/forward or "clear filters" changed the URL: show it.
  useEffect(() => setDraft(inUrl), [inUrl]);

  useEffect(() => {
    if (draft === inUrl) return;
    const timer = window.setTimeout(() => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (draft) next.set(name, draft);
          else next.delete(name);
          return next;
        },
        { replace: true },
      );
    }, delayMs);
    return () => window.clearTimeout(timer);
    // Only typing restarts the wait (not URL changes made elsewhere).
  }, [draft]);

  return [draft, setDraft];
}

/** Values of a repeated query-string key restricted to `allowed` (e.g. ?status=A&status=B). */
export function useListSearchParam<T extends string>(
  name: string,
  allowed: readonly T[],
): [T[], (values: T[]) => void] {
  const [params, setParams] = useSearchParams();
  const values = params.getAll(name).filter((value): value is T => (allowed as readonly string[]).includes(value));
  const setValues = (next: T[]) =>
    setParams((previous) => {
      const updated = new URLSearchParams(previous);
      updated.delete(name);
      for (const value of next) updated.append(name, value);
      return updated;
    });
  return [values, setValues];
}

/** One query-string value restricted to `allowed`, or null. */
export function useChoiceSearchParam<T extends string>(
  name: string,
  allowed: readonly T[],
): [T | null, (value: T | null) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get(name);
  const value = raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : null;
  const setValue = (next: T | null) =>
    setParams((previous) => {
      const updated = new URLSearchParams(previous);
      if (next) updated.set(name, next);
      else updated.delete(name);
      return updated;
    });
  return [value, setValue];
}
