import { useTranslation } from "react-i18next";
import type { Resolution } from "../../../generated/graphql";

type Props = {
  options: readonly Resolution[];
  value: Resolution | null;
  onChange: (option: Resolution) => void;
  /** A useId() of the form: names the radio group and the descriptions. */
  idPrefix: string;
  /** Each card's data-testid is `${testIdPrefix}-${option}`. */
  testIdPrefix: string;
};

/** The resolutions to choose from, one card each with its title and description (one order, or many). */
export function ResolutionOptions({ options, value, onChange, idPrefix, testIdPrefix }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="resolve-options">
      <legend className="resolve-form__legend">{t("resolve.optionsLegend")}</legend>
      {options.map((option, index) => (
        <label key={option} className="option-card" data-testid={`${testIdPrefix}-${option}`}>
          <input
            type="radio"
            className="option-card__input"
            name={`${idPrefix}-resolution`}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
            aria-describedby={`${idPrefix}-${option}-description`}
            data-autofocus={index === 0 ? true : undefined}
          />
          <span className="option-card__text">
            <span className="option-card__title">{t(`resolve.options.${option}.title`)}</span>
            <span className="option-card__description" id={`${idPrefix}-${option}-description`}>
              {t(`resolve.options.${option}.description`)}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
