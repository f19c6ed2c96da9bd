import { useId } from 'react';
import { ROLE_GROUPS } from '@bizosaas/shared';
import { useParamWidgets } from '../param-widgets';
import type { Widget, WidgetProps } from './types';

/** Members who may decide approvals: the approval node drops anyone else. */
const CAN_DECIDE = new Set<string>(ROLE_GROUPS.approvers);

/**
 * `widget: 'members'`: picks users by name instead of by id. Members who cannot decide are not
 * offered (the run would drop them); an id that is no longer a member stays listed, so it can be
 * seen and removed.
 */
function MemberPicker({ schema, label, value, onChange }: WidgetProps) {
  const id = useId();
  const members = useParamWidgets().members ?? [];
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  const chosen = (Array.isArray(value) ? value : []).filter(
    (v): v is string => typeof v === 'string',
  );
  const offered = members.filter((m) => CAN_DECIDE.has(m.role));
  const former = chosen.filter((userId) => !offered.some((m) => m.userId === userId));
  const toggle = (userId: string, on: boolean) =>
    onChange(on ? [...chosen, userId] : chosen.filter((u) => u !== userId));
  return (
    <fieldset className="fieldset" aria-describedby={description ? `${id}-help` : undefined}>
      <legend>{label}</legend>
      {offered.length === 0 && (
        <p className="muted small">Nobody here may decide yet: invite an approver.</p>
      )}
      {offered.map((m) => (
        <div className="field field-inline" key={m.userId}>
          <input
            id={`${id}-${m.userId}`}
            type="checkbox"
            className="checkbox"
            checked={chosen.includes(m.userId)}
            onChange={(e) => toggle(m.userId, e.target.checked)}
          />
          <label htmlFor={`${id}-${m.userId}`}>
            {m.displayName} <span className="muted small">({m.role})</span>
          </label>
        </div>
      ))}
      {former.map((userId) => (
        <div className="field field-inline" key={userId}>
          <input
            id={`${id}-${userId}`}
            type="checkbox"
            className="checkbox"
            checked
            onChange={() => toggle(userId, false)}
          />
          <label htmlFor={`${id}-${userId}`}>
            Not a member who may decide <span className="mono muted small">{userId}</span>
          </label>
        </div>
      ))}
      {description && (
        <p id={`${id}-help`} className="field-help">
          {description}
        </p>
      )}
    </fieldset>
  );
}

export const membersWidget: Widget = { layout: 'group', Component: MemberPicker };
