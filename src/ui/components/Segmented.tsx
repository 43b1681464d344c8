/** A row of radio buttons drawn as one segmented control: pick one of a few views. */

export function Segmented<T extends string>(props: { legend: string; name: string; value: T; options: { value: T; label: string }[]; onChange(v: T): void }) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} className={props.value === o.value ? 'selected' : undefined}>
          <input
            type="radio"
            name={props.name}
            value={o.value}
            data-testid={`${props.name}-${o.value}`}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
