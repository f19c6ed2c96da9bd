import { useId, type ReactNode } from 'react';

/** What a control needs to be named by its label and described by the help line. */
export interface ControlIds {
  id: string;
  'aria-describedby'?: string;
}

/**
 * A form control under its label, with an optional help line that describes it. `children`
 * renders the control with the ids to spread on it, so label and help always point at it.
 */
export function FormField({
  label,
  help,
  children,
}: {
  label: ReactNode;
  help?: ReactNode;
  children(control: ControlIds): ReactNode;
}) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children({ id, 'aria-describedby': helpId })}
      {help && (
        <p id={helpId} className="field-help">
          {help}
        </p>
      )}
    </div>
  );
}
