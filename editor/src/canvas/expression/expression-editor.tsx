import { useEffect, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import {
  autocompletion,
  completionKeymap,
  closeBrackets,
  type CompletionContext,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { jsonataHighlight, jsonataTemplate } from './jsonata-language';
import { suggest, type ExpressionScope } from './completions';

export interface ExpressionEditorProps {
  value: string;
  onChange(value: string): void;
  /** Read when completion opens, so the form need not re-render as the graph changes. */
  scope: () => ExpressionScope;
  label: string;
  invalid: boolean;
  describedBy?: string;
  placeholder?: string;
}

const theme = EditorView.theme({
  '&': {
    fontSize: '13px',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    background: '#fff',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--mono)', padding: '6px 4px', minHeight: '20px' },
  '.cm-line': { padding: '0 4px' },
});

/**
 * CodeMirror for one param string: JSONata highlighting inside `{{ … }}` and completion of the
 * context (`$node.<upstream>.output.<fields>` from output schemas). Loaded lazily with its chunk.
 */
export default function ExpressionEditor({
  value,
  onChange,
  scope,
  label,
  invalid,
  describedBy,
  placeholder,
}: ExpressionEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // Callbacks and scope change on every render; the editor reads them through refs so it is built once.
  const latest = useRef({ onChange, scope });
  useEffect(() => {
    latest.current = { onChange, scope };
  });

  useEffect(() => {
    const complete = (context: CompletionContext) => {
      const line = context.state.doc.lineAt(context.pos);
      const before = line.text.slice(0, context.pos - line.from);
      if (!before.includes('{{')) return null;
      const result = suggest(before, latest.current.scope());
      if (!result || (result.options.length === 0 && !context.explicit)) return null;
      return {
        from: line.from + result.from,
        options: result.options.map((o) => ({
          label: o.label,
          apply: o.apply,
          detail: o.detail,
          type: o.type,
        })),
        validFor: /^[\w`$ ]*$/,
      };
    };
    const editor = new EditorView({
      parent: host.current as HTMLDivElement,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          closeBrackets(),
          jsonataTemplate,
          jsonataHighlight,
          autocompletion({ override: [complete], activateOnTyping: true }),
          keymap.of([...completionKeymap, ...historyKeymap, ...defaultKeymap]),
          EditorView.lineWrapping,
          theme,
          placeholderExt(placeholder ?? ''),
          EditorView.contentAttributes.of({
            'aria-label': label,
            'aria-invalid': String(invalid),
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is created once per field; value changes from outside are synced below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    host.current?.querySelector('.cm-content')?.setAttribute('aria-invalid', String(invalid));
  }, [invalid]);

  return <div ref={host} className="expression-editor" data-testid={`expression-${label}`} />;
}
