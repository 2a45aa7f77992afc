import { useId, useMemo } from "react";
import { Field } from "./Field";

/** The zone this browser is in ("America/Sao_Paulo"): a new shop's default. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Every IANA zone this browser knows (the server checks against its own list), and UTC. */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : [...zones, "UTC"];
}

/** "UTC−03:00" for a zone, now; empty when the browser cannot say. */
function offsetOf(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName");
    return part?.value.replace("GMT", "UTC") || "UTC";
  } catch {
    return "";
  }
}

type Props = {
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onChange: (zone: string) => void;
  testId?: string;
};

/**
 * An IANA time zone, searched by typing any part of its name ("Sao", "Warsaw"): a text input with
 * the browser's own suggestion list (a datalist), each zone with its offset from UTC today.
 */
export function TimeZoneField({ label, hint, error, value, onChange, testId }: Props) {
  const listId = `${useId()}-zones`;
  const options = useMemo(() => timeZones().map((zone) => ({ zone, offset: offsetOf(zone) })), []);
  return (
    <Field label={label} hint={hint} error={error} testId={testId}>
      {(control) => (
        <>
          <input
            {...control}
            className="input"
            list={listId}
            value={value}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
            data-testid={testId}
          />
          <datalist id={listId}>
            {options.map(({ zone, offset }) => (
              <option key={zone} value={zone} label={offset ? `${zone.replace(/_/g, " ")} (${offset})` : undefined} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
