/** A titled, read-only, scrollable JSON value (a node run's input, output or error). */
export function JsonBlock({
  title,
  value,
  tone,
}: {
  title: string;
  value: unknown;
  tone?: 'error';
}) {
  return (
    <section className={tone === 'error' ? 'json-block json-error' : 'json-block'}>
      <h4>{title}</h4>
      <pre tabIndex={0} aria-label={`${title} JSON`}>
        {value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </section>
  );
}
