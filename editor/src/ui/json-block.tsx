/**
 * A titled, read-only, scrollable JSON value (a node run's input, output or error). `label` names
 * the value for assistive technology when "<title> JSON" would be ambiguous on the page.
 */
export function JsonBlock({
  title,
  value,
  tone,
  label = `${title} JSON`,
}: {
  title: string;
  value: unknown;
  tone?: 'error';
  label?: string;
}) {
  return (
    <section className={tone === 'error' ? 'json-block json-error' : 'json-block'}>
      <h4>{title}</h4>
      <pre tabIndex={0} aria-label={label}>
        {value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </section>
  );
}
