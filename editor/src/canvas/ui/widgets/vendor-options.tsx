import { useContext, useEffect, useState } from 'react';
import { NodeConnectionContext, useParamWidgets, type VendorOption } from '../param-widgets';
import { optionsLoaderOf } from './schema';
import type { Widget, WidgetProps } from './types';

/** Waits this long after the last keystroke before asking the vendor again. */
const SEARCH_DELAY_MS = 250;

/**
 * `options: '<loader>'`: a searchable select over a vendor's list (Slack channels, HubSpot
 * pipelines), loaded through the node's connection. A value no longer in the list stays shown, so
 * it can be seen and changed.
 */
function VendorOptionPicker({
  id,
  schema,
  label,
  value,
  required,
  describedBy,
  onChange,
}: WidgetProps) {
  const { loadOptions } = useParamWidgets();
  // The registry picks this widget only while both are there.
  const connectionId = useContext(NodeConnectionContext) ?? '';
  const loader = optionsLoaderOf(schema) ?? '';
  const chosen = typeof value === 'string' ? value : undefined;
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
  const listed = state.options.some((o) => o.value === chosen);
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
        value={chosen ?? ''}
        aria-describedby={describedBy}
        aria-busy={loading}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">{required ? 'Choose…' : '—'}</option>
        {chosen !== undefined && !listed && <option value={chosen}>{chosen}</option>}
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

export const vendorOptionsWidget: Widget = {
  layout: 'control',
  wide: true,
  Component: VendorOptionPicker,
};
