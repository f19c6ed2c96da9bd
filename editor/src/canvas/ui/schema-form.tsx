import { memo, useContext, useId, useState } from 'react';
import { paramWidget, type JsonSchema, type JsonValue, type Problem } from '@bizosaas/shared';
import { ExpressionField } from '../expression/expression-field';
import type { ExpressionScope } from '../expression/completions';
import { looseText, parseLoose } from '../model/loose-json';
import {
  MemberPicker,
  NodeConnectionContext,
  optionsLoaderOf,
  useParamWidgets,
  VendorOptionPicker,
} from './param-widgets';

/*
 * The inspector's params form, generated from a node type's params JSON Schema (never written per
 * node). It covers what zod emits for params: strings (with enums), numbers, booleans, objects,
 * records, arrays and discriminated unions; anything else is a JSON value or an expression.
 */

export interface SchemaFormProps {
  schema: JsonSchema;
  value: Record<string, JsonValue>;
  onChange(value: Record<string, JsonValue>): void;
  problems: readonly Problem[];
  /** Read when completion opens, so the form need not re-render as the graph changes. */
  scope: () => ExpressionScope;
}

interface FieldProps {
  schema: JsonSchema;
  path: string[];
  label: string;
  value: JsonValue | undefined;
  required: boolean;
  onChange(value: JsonValue | undefined): void;
  problems: readonly Problem[];
  /** Read when completion opens, so the form need not re-render as the graph changes. */
  scope: () => ExpressionScope;
}

export const SchemaForm = memo(function SchemaForm({
  schema,
  value,
  onChange,
  problems,
  scope,
}: SchemaFormProps) {
  return (
    <ObjectFields
      schema={schema}
      path={[]}
      value={value}
      onChange={(v) => onChange(v as Record<string, JsonValue>)}
      problems={problems}
      scope={scope}
    />
  );
});

const isObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asSchema = (v: unknown): JsonSchema => (isObject(v) ? (v as JsonSchema) : {});
const typeOf = (s: JsonSchema): string | undefined =>
  typeof s.type === 'string' ? s.type : undefined;
const humanize = (key: string) =>
  key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

function ObjectFields({
  schema,
  path,
  value,
  onChange,
  problems,
  scope,
}: Omit<FieldProps, 'label' | 'required' | 'value'> & { value: JsonValue | undefined }) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const current = isObject(value) ? value : {};
  return (
    <>
      {Object.entries(properties).map(([key, sub]) => (
        <Field
          key={key}
          schema={asSchema(sub)}
          path={[...path, key]}
          label={
            typeof asSchema(sub).title === 'string'
              ? (asSchema(sub).title as string)
              : humanize(key)
          }
          value={current[key]}
          required={required.has(key)}
          problems={problems}
          scope={scope}
          onChange={(v) => {
            const next = { ...current };
            if (v === undefined) delete next[key];
            else next[key] = v;
            onChange(next);
          }}
        />
      ))}
    </>
  );
}

function Field(props: FieldProps) {
  const { schema, path, label, value, required, onChange, problems, scope } = props;
  const id = useId();
  const param = path.join('.');
  const own = problems.filter((p) => p.param === param);
  const errorId = `${id}-error`;
  const describedBy = own.length > 0 ? errorId : undefined;
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  const holdsExpression = typeof value === 'string' && value.includes('{{');
  const type = typeOf(schema);
  const variants = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  const widgets = useParamWidgets();
  const connectionId = useContext(NodeConnectionContext);
  const loader = optionsLoaderOf(schema);

  let control: React.ReactNode;
  let wide = false;
  if (loader && widgets.loadOptions && connectionId && !holdsExpression) {
    wide = true;
    control = (
      <VendorOptionPicker
        id={id}
        label={label}
        loader={loader}
        connectionId={connectionId}
        value={typeof value === 'string' ? value : undefined}
        required={required}
        describedBy={describedBy}
        onChange={onChange}
      />
    );
  } else if (Array.isArray(schema.enum) && !holdsExpression) {
    control = (
      <select
        id={id}
        className="input"
        value={value === undefined ? '' : String(value)}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        {!required && <option value="">—</option>}
        {(schema.enum as JsonValue[]).map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if ((type === 'number' || type === 'integer') && !holdsExpression) {
    control = (
      <input
        id={id}
        className="input"
        type="number"
        step={type === 'integer' ? 1 : 'any'}
        value={typeof value === 'number' ? value : ''}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  } else if (type === 'boolean' && !holdsExpression) {
    control = (
      <input
        id={id}
        type="checkbox"
        className="checkbox"
        checked={value === true}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else if (type === 'object' && isObject(schema.properties) && !holdsExpression) {
    return (
      <fieldset className="fieldset">
        <legend>{label}</legend>
        <ObjectFields
          schema={schema}
          path={path}
          value={value}
          onChange={onChange}
          problems={problems}
          scope={scope}
        />
        <FieldProblems id={errorId} problems={own} />
      </fieldset>
    );
  } else if (type === 'object' && !holdsExpression) {
    return <RecordField {...props} />;
  } else if (type === 'array' && !holdsExpression) {
    if (paramWidget(schema) === 'members' && widgets.members)
      return (
        <MemberPicker
          label={label}
          {...(description ? { description } : {})}
          value={value}
          members={widgets.members}
          onChange={onChange}
        />
      );
    return <ArrayField {...props} />;
  } else if (type === undefined && !Array.isArray(variants)) {
    // Any JSON value (`z.json()`): typed as text, read as JSON where it is JSON. The same field
    // holds an expression, so it is not swapped for another mid-typing when `{{` appears.
    wide = true;
    control = (
      <LooseJsonField
        id={id}
        label={label}
        value={value}
        onChange={(v) => onChange(v === '' && !required ? undefined : v)}
        scope={scope}
        invalid={own.length > 0}
        describedBy={describedBy}
      />
    );
  } else if (Array.isArray(variants) && discriminator(variants) && !holdsExpression) {
    return (
      <UnionField
        {...props}
        variants={variants.map(asSchema)}
        discriminator={discriminator(variants) as string}
      />
    );
  } else if (
    type === 'string' ||
    typeof value === 'string' ||
    value === undefined ||
    holdsExpression
  ) {
    wide = true;
    control = (
      <ExpressionField
        id={id}
        label={label}
        value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)}
        onChange={(text) => onChange(text === '' && !required ? undefined : text)}
        scope={scope}
        invalid={own.length > 0}
        describedBy={describedBy}
        placeholder={type === 'string' ? undefined : 'value or {{ expression }}'}
      />
    );
  } else {
    wide = true;
    control = <JsonField id={id} value={value} onChange={onChange} describedBy={describedBy} />;
  }
  // Any non-string field can hold an expression instead (resolved at run time), so offer the
  // switch; a list or an object offers it beside its own editor (see ArrayField).
  const canToggle =
    type !== undefined &&
    type !== 'string' &&
    (holdsExpression || (type !== 'object' && type !== 'array'));
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {canToggle && (
        <button
          type="button"
          className="link-button"
          onClick={() => onChange(holdsExpression ? fixedValue(type) : '{{  }}')}
        >
          {holdsExpression ? 'Use a fixed value' : 'Use an expression'}
        </button>
      )}
      {description && <p className="field-help">{description}</p>}
      <FieldProblems id={errorId} problems={own} />
    </div>
  );
}

/** What a field holds again when it stops being an expression. */
const fixedValue = (type: string | undefined): JsonValue | undefined =>
  type === 'array' ? [] : type === 'object' ? {} : undefined;

/**
 * Text for a param of any JSON type. The text is the user's while they type (`"bulk` becomes the
 * string bulk only once its quote closes, and the field does not rewrite it under the cursor); a
 * value changed from outside (undo) replaces it.
 */
function LooseJsonField({
  value,
  onChange,
  ...rest
}: Omit<React.ComponentProps<typeof ExpressionField>, 'value' | 'onChange'> & {
  value: JsonValue | undefined;
  onChange(value: JsonValue): void;
}) {
  const [text, setText] = useState(() => looseText(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (JSON.stringify(parseLoose(text)) !== JSON.stringify(value ?? '')) setText(looseText(value));
  }
  return (
    <ExpressionField
      {...rest}
      value={text}
      placeholder="value or {{ expression }}"
      onChange={(next) => {
        setText(next);
        onChange(parseLoose(next));
      }}
    />
  );
}

function FieldProblems({ id, problems }: { id: string; problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="field-problems" role="list">
      {problems.map((p, i) => (
        <li key={i} className={p.severity}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function discriminator(variants: unknown[]): string | undefined {
  const first = asSchema(variants[0]);
  const props = isObject(first.properties) ? first.properties : {};
  return Object.keys(props).find((key) =>
    variants.every((v) => {
      const p = asSchema(asSchema(v).properties)[key];
      return isObject(p) && 'const' in p;
    }),
  );
}

function UnionField({
  variants,
  discriminator: key,
  ...props
}: FieldProps & { variants: JsonSchema[]; discriminator: string }) {
  const id = useId();
  const current = isObject(props.value) ? props.value : {};
  const options = variants.map((v) => String(asSchema(asSchema(v.properties)[key]).const));
  const chosen = variants[Math.max(0, options.indexOf(String(current[key])))] as JsonSchema;
  return (
    <fieldset className="fieldset">
      <legend>{props.label}</legend>
      <div className="field">
        <label htmlFor={id} className="field-label">
          {humanize(key)}
        </label>
        <select
          id={id}
          className="input"
          value={String(current[key] ?? options[0])}
          onChange={(e) => props.onChange({ [key]: e.target.value })}
        >
          {options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </div>
      <ObjectFields
        schema={{
          ...chosen,
          properties: Object.fromEntries(
            Object.entries(asSchema(chosen.properties)).filter(([k]) => k !== key),
          ),
        }}
        path={props.path}
        value={current}
        onChange={(v) =>
          props.onChange({
            ...(v as Record<string, JsonValue>),
            [key]: current[key] ?? options[0] ?? '',
          })
        }
        problems={props.problems}
        scope={props.scope}
      />
    </fieldset>
  );
}

function RecordField({ schema, path, label, value, onChange, problems, scope }: FieldProps) {
  const entries = Object.entries(isObject(value) ? value : {});
  const valueSchema = asSchema(schema.additionalProperties);
  const [draftKey, setDraftKey] = useState('');
  const addId = useId();
  const rename = (from: string, to: string) =>
    onChange(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {entries.map(([key, v], index) => (
        <div className="record-row" key={index}>
          <input
            className="input mono record-key"
            aria-label={`${label}: name of entry ${index + 1}`}
            value={key}
            onChange={(e) => rename(key, e.target.value)}
          />
          <Field
            schema={valueSchema}
            path={[...path, key]}
            label={key}
            value={v}
            required
            problems={problems}
            scope={scope}
            onChange={(next) =>
              onChange(
                Object.fromEntries(entries.map(([k, old]) => [k, k === key ? (next ?? '') : old])),
              )
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${key}`}
            onClick={() => onChange(Object.fromEntries(entries.filter(([k]) => k !== key)))}
          >
            ×
          </button>
        </div>
      ))}
      <form
        className="record-add"
        onSubmit={(e) => {
          e.preventDefault();
          const key = draftKey.trim();
          if (key === '' || entries.some(([k]) => k === key)) return;
          onChange({
            ...Object.fromEntries(entries),
            [key]: typeOf(valueSchema) === 'number' ? 0 : '',
          });
          setDraftKey('');
        }}
      >
        <label htmlFor={addId} className="visually-hidden">
          New entry name for {label}
        </label>
        <input
          id={addId}
          className="input mono"
          placeholder="name"
          value={draftKey}
          onChange={(e) => setDraftKey(e.target.value)}
        />
        <button type="submit" className="button">
          Add
        </button>
      </form>
    </fieldset>
  );
}

function ArrayField({ schema, path, label, value, onChange, problems, scope }: FieldProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = asSchema(schema.items);
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {items.map((item, index) => (
        <div className="record-row" key={index}>
          <Field
            schema={itemSchema}
            path={[...path, String(index)]}
            label={`${label} ${index + 1}`}
            value={item}
            required
            problems={problems}
            scope={scope}
            onChange={(next) =>
              onChange(items.map((old, i) => (i === index ? (next ?? null) : old)))
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${label} ${index + 1}`}
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button"
        onClick={() => onChange([...items, typeOf(itemSchema) === 'number' ? 0 : ''])}
      >
        Add item
      </button>
      <button type="button" className="link-button" onClick={() => onChange('{{  }}')}>
        Use an expression
      </button>
    </fieldset>
  );
}

function JsonField({
  id,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  value: JsonValue | undefined;
  onChange(v: JsonValue | undefined): void;
  describedBy: string | undefined;
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <textarea
      id={id}
      className="input mono"
      rows={4}
      value={text}
      aria-invalid={bad}
      aria-describedby={describedBy}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        try {
          onChange(JSON.parse(text) as JsonValue);
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}
