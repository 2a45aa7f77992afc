import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";
import pl from "./locales/pl.json";
import ptBR from "./locales/pt-BR.json";
import { formatNumber } from "./format";

/** pt-BR is the reference catalogue: the others must have every one of its keys (checked below). */
export type Messages = typeof ptBR;

export const LANGUAGES = ["pt-BR", "en", "pl"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "pt-BR";

const STORAGE_KEY = "ruptura.locale";

// A catalogue that lacks a key fails to compile here. (Polish adds _few/_many plural forms.)
const resources: Record<Language, { translation: Messages }> = {
  "pt-BR": { translation: ptBR },
  en: { translation: en },
  pl: { translation: pl },
};

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage unavailable: use the default
  }
  return DEFAULT_LANGUAGE;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false, // the catalogues are bundled: be ready before the first render
  react: { useSuspense: false },
});

// "{{count, number}}" in the catalogues goes through the same formatter as the rest of the app.
i18n.services.formatter?.add("number", (value, language) =>
  typeof value === "number" ? formatNumber(value, language ?? DEFAULT_LANGUAGE) : String(value),
);

function applyToDocument(language: string) {
  document.documentElement.lang = language;
}
applyToDocument(i18n.language);
i18n.on("languageChanged", applyToDocument);

export function changeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // only for this visit
  }
  void i18n.changeLanguage(language);
}

export default i18n;
