/**
 * The report's charts (recharts). This file is imported only by the reports page, which App.tsx
 * loads lazily: recharts stays out of the desk's main bundle.
 *
 * A chart is a picture of the table beside it: role="img" with a label saying what it shows, no
 * keyboard stops of its own (accessibilityLayer off); series differ by colour and by dash/marker and
 * are named in the legend, so colour is never the only cue.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Colours with at least 3:1 contrast on white (the design tokens as hex: SVG attributes take no var()). */
export const SERIES_COLOURS = ["#0f3d3e", "#b42318", "#9a5b00", "#1f5fa8", "#6b4bb0"] as const;
const DASHES = [undefined, "6 3", "2 3", "8 3 2 3", "4 4"] as const;

export type Series<K extends string> = { key: K; name: string };

type DailyProps<K extends string> = {
  label: string;
  data: readonly ({ day: string } & Record<K, number>)[];
  series: readonly Series<K>[];
  formatDay: (day: string) => string;
  formatValue: (value: number) => string;
};

/** One line per series across the days of the range. */
export function DailyChart<K extends string>({ label, data, series, formatDay, formatValue }: DailyProps<K>) {
  return (
    <div role="img" aria-label={label} className="report-chart" data-testid="report-chart">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data as never[]} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#dde2dc" strokeDasharray="3 3" />
          <XAxis dataKey="day" tickFormatter={formatDay} minTickGap={24} stroke="#5b6661" />
          <YAxis allowDecimals={false} tickFormatter={formatValue} width={48} stroke="#5b6661" />
          <Tooltip labelFormatter={(day) => formatDay(String(day))} formatter={(value) => formatValue(Number(value))} />
          <Legend />
          {series.map((one, index) => (
            <Line
              key={one.key}
              type="monotone"
              dataKey={one.key}
              name={one.name}
              stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]}
              strokeDasharray={DASHES[index % DASHES.length]}
              strokeWidth={2}
              dot={data.length <= 31 ? { r: 2 + index } : false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

type BarsProps<K extends string> = {
  label: string;
  data: readonly ({ name: string } & Record<K, number>)[];
  series: readonly Series<K>[];
  formatValue: (value: number) => string;
  /** Stack the series in one bar per row (e.g. merchant + customer). */
  stacked?: boolean;
};

/** Horizontal bars, one row per category (resolution kind, sku, reason). */
export function BarsChart<K extends string>({ label, data, series, formatValue, stacked = false }: BarsProps<K>) {
  const height = Math.max(120, 36 * data.length + 60);
  return (
    <div role="img" aria-label={label} className="report-chart" data-testid="report-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data as never[]} layout="vertical" accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#dde2dc" strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tickFormatter={formatValue} stroke="#5b6661" />
          <YAxis type="category" dataKey="name" width={140} stroke="#5b6661" />
          <Tooltip formatter={(value) => formatValue(Number(value))} />
          {series.length > 1 && <Legend />}
          {series.map((one, index) => (
            <Bar
              key={one.key}
              dataKey={one.key}
              name={one.name}
              fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
              stackId={stacked ? "stack" : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
