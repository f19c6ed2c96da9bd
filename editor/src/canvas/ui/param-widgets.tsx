import { createContext, useContext, useEffect, useId, useState } from 'react';
import { ROLE_GROUPS, type JsonValue } from '@bizosaas/shared';

/** A member of the workspace, as the members list gives it. */
export interface Member {
  userId: string;
  displayName: string;
  email: string;
  role: string;
}

/**
 * What the page can offer the generated params form beyond the schema (see `ParamWidget` in
 * @bizosaas/shared). Empty on a canvas without a workspace (scratch): fields then fall back to
 * their default controls.
 */
export interface ParamWidgets {
  members?: readonly Member[];
  /**
   * A param's choices from the vendor, through a connection (`connections.options`): for params
   * whose schema names an option list (`.meta({ options: 'channels' })`).
   */
  loadOptions?(connectionId: string, loader: string, search: string): Promise<VendorOption[]>;
}

export interface VendorOption {
  value: string;
  label: string;
}

/** The connection of the node whose params are shown: its option lists are loaded through it. */
export const NodeConnectionContext = createContext<string | undefined>(undefined);

/** The vendor option list a param's JSON Schema names, if any. */
export function optionsLoaderOf(schema: { [key: string]: unknown }): string | undefined {
  return typeof schema.options === 'string' ? schema.options : undefined;
}

export const ParamWidgetsContext = createContext<ParamWidgets>({});
export const useParamWidgets = () => useContext(ParamWidgetsContext);

/** Members who may decide approvals: the approval node drops anyone else. */
const CAN_DECIDE = new Set<string>(ROLE_GROUPS.approvers);

/**
 * Picks users by name instead of by id. Members who cannot decide are not offered (the run would
 * drop them); an id that is no longer a member stays listed, so it can be seen and removed.
 */
export function MemberPicker({
  label,
  description,
  value,
  members,
  onChange,
}: {
  label: string;
  description?: string;
  value: JsonValue | undefined;
  members: readonly Member[];
  onChange(value: JsonValue): void;
}) {
  const id = useId();
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

/** Waits this long after the last keystroke before asking the vendor again. */
const SEARCH_DELAY_MS = 250;

/**
 * A searchable select over a vendor's list (Slack channels, HubSpot pipelines), loaded through the
 * node's connection. A value no longer in the list stays shown, so it can be seen and changed.
 */
export function VendorOptionPicker({
  id,
  label,
  loader,
  connectionId,
  value,
  required,
  describedBy,
  onChange,
}: {
  id: string;
  label: string;
  loader: string;
  connectionId: string;
  value: string | undefined;
  required: boolean;
  describedBy: string | undefined;
  onChange(value: string | undefined): void;
}) {
  const { loadOptions } = useParamWidgets();
  const [search, setSearch] = useState('');
  // What was last loaded, and for which question: it is loading while that is not this one.
  const [state, setState] = useState<{ key: string; options: VendorOption[]; error?: string }>({
    key: '',
    options: [],
  });
  const key = JSON.stringify([connectionId, loader, search]);
  useEffect(() => {
    if (!loadOptions) return;
    let current = true;
    const timer = setTimeout(() => {
      loadOptions(connectionId, loader, search).then(
        (options) => current && setState({ key, options }),
        (error: Error) => current && setState({ key, options: [], error: error.message }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [loadOptions, connectionId, loader, search, key]);
  const loading = state.key !== key;
  const listed = state.options.some((o) => o.value === value);
  return (
    <div className="vendor-options">
      <input
        type="search"
        className="input"
        aria-label={`Search ${label}`}
        placeholder="Search…"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <select
        id={id}
        className="input"
        value={value ?? ''}
        aria-describedby={describedBy}
        aria-busy={loading}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">{required ? 'Choose…' : '—'}</option>
        {value !== undefined && !listed && <option value={value}>{value}</option>}
        {state.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {state.error && (
        <p className="field-problems error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
