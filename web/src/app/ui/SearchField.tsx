import { Field } from "./Field";

type Props = {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
};

export function SearchField({ label, placeholder, value, onChange, testId }: Props) {
  return (
    <Field label={label}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="search"
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          autoComplete="off"
          data-testid={testId}
        />
      )}
    </Field>
  );
}
