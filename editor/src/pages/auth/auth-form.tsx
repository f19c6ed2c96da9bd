import { type FormEvent, type ReactNode } from 'react';
import { ErrorNote } from '../../ui/page';
import { FormField } from '../../ui/form-field';

/** The frame of the signed-out pages: a centred card with a heading, fields and one action. */
export function AuthCard({
  title,
  children,
  footer,
  onSubmit,
  submitLabel,
  pending,
  error,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  onSubmit(form: FormData): void;
  submitLabel: string;
  pending: boolean;
  error: unknown;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(new FormData(e.currentTarget));
  };
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <p className="brand brand-dark">BizOSaaS</p>
        <h1 id="auth-title">{title}</h1>
        {children}
        <ErrorNote error={error} />
        <button type="submit" className="button button-primary button-wide" disabled={pending}>
          {pending ? 'Please wait…' : submitLabel}
        </button>
        {footer && <p className="auth-footer">{footer}</p>}
      </form>
    </main>
  );
}

/** A labelled input; the browser's own validation covers required fields and formats. */
export function Field({
  label,
  name,
  type = 'text',
  autoComplete,
  hint,
  ...rest
}: {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  hint?: string;
  required?: boolean;
  minLength?: number;
  pattern?: string;
  defaultValue?: string;
}) {
  return (
    <FormField label={label} help={hint}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={type}
          className="input"
          autoComplete={autoComplete}
          {...rest}
        />
      )}
    </FormField>
  );
}

export const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
