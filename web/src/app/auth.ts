import { useSyncExternalStore } from "react";

/**
 * The staff session token, kept in localStorage so a reload keeps the merchant signed in.
 * Components read it through useSessionToken(); the Apollo links read it on every request.
 */
const STORAGE_KEY = "ruptura.token";
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policies): behave as signed out
  }
}

let current = read();

function emit() {
  for (const listener of listeners) listener();
}

export function getToken(): string | null {
  return current;
}

export function setToken(token: string): void {
  current = token;
  try {
    localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // kept in memory for this tab
  }
  emit();
}

export function clearToken(): void {
  if (current === null) return;
  current = null;
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
  emit();
}

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Signing out in one tab signs out the others.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key !== STORAGE_KEY) return;
    current = read();
    emit();
  });
}

export function useSessionToken(): string | null {
  return useSyncExternalStore(onTokenChange, getToken);
}
