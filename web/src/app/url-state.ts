import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";

/**
 * The query string as it is now. Setters start from this rather than from the `previous` that
 * react-router passes, which is the last *rendered* one: two changes in quick succession (e.g.
 * "status" then "sku" before the first re-render commits) would otherwise lose the first.
 */
function latestParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

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
        () => {
          const next = latestParams();
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
    setParams(() => {
      const updated = latestParams();
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
  const [raw, setValue] = useStringSearchParam(name);
  const value = raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : null;
  return [value, setValue];
}

/** One free query-string value (e.g. an id chosen in a select), or null when absent or empty. */
export function useStringSearchParam(name: string): [string | null, (value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) || null;
  const setValue = (next: string | null) =>
    setParams(() => {
      const updated = latestParams();
      if (next) updated.set(name, next);
      else updated.delete(name);
      return updated;
    });
  return [value, setValue];
}
