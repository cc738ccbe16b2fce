interface SegmentedProps<T extends string> {
  value: T;
  options: readonly { value: T; label: string; title?: string }[];
  onChange: (value: T) => void;
  label: string;
  testId?: string;
}

/** A small toggle group (histogram/CDF, linear/log): one choice, always visible. */
export function Segmented<T extends string>({ value, options, onChange, label, testId }: SegmentedProps<T>) {
  return (
    <fieldset className="segmented" aria-label={label} data-testid={testId} style={{ margin: 0, padding: 0 }}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          title={o.title}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
