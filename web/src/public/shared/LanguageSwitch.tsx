import { LANGUAGE_NAMES, LANGUAGES, useI18n, type Language } from "./i18n";

/** Three buttons, each language named in itself (and marked with its lang), the current one pressed. */
export function LanguageSwitch({ onChange }: { onChange(language: Language): void }) {
  const { t, language: current } = useI18n();
  return (
    <div className="language" role="group" aria-label={t("language.label")}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language__option"
          aria-pressed={language === current}
          data-testid={`refund-language-${language}`}
          onClick={() => onChange(language)}
        >
          {LANGUAGE_NAMES[language]}
        </button>
      ))}
    </div>
  );
}
