import { lazy, Suspense } from 'react';
import type { ExpressionEditorProps } from './expression-editor';

const ExpressionEditor = lazy(() => import('./expression-editor'));

/**
 * A string param that may hold `{{ … }}` expressions. CodeMirror arrives in its own chunk the first
 * time an inspector opens; until then a plain input keeps the field usable.
 */
export function ExpressionField(props: ExpressionEditorProps & { id: string }) {
  const fallback = (
    <input
      id={props.id}
      className="input mono"
      value={props.value}
      aria-label={props.label}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
  return (
    <Suspense fallback={fallback}>
      <ExpressionEditor {...props} />
    </Suspense>
  );
}
