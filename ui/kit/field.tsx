import { useId } from 'preact/hooks';

interface FieldProps {
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  /** What the API said about this field, if anything. */
  readonly errors?: readonly string[] | undefined;
  readonly type?: 'text' | 'email' | 'password' | 'number';
  readonly required?: boolean;
  readonly autocomplete?: string;
  readonly min?: number;
  readonly step?: number;
  readonly maxLength?: number;
}

/** A labelled input with its error messages tied to it. */
export function Field({ label, value, onInput, errors, type = 'text', ...input }: FieldProps) {
  const id = useId();
  const hint = `${id}-errors`;
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact's types tell input kinds apart by a literal `type`, which this one is not: tsc needs the assertion
        // (typescript-eslint, resolving the JSX types differently, thinks otherwise).
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={type as 'text'}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={invalid}
        aria-describedby={invalid ? hint : undefined}
        required={input.required}
        autocomplete={input.autocomplete}
        min={input.min}
        step={input.step}
        maxLength={input.maxLength}
      />
      {invalid && (
        <p class="field-errors" id={hint}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}
