import { memo, useState } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { NoteRfNode } from '../model/react-flow-adapter';
import { updateNote } from '../model/edits';
import { useCanvas } from '../store';

/** A sticky note: double-click (or Enter when focused) to edit its text. */
export const NoteNodeView = memo(function NoteNodeView({ data, selected }: NodeProps<NoteRfNode>) {
  const run = useCanvas((s) => s.run);
  const readOnly = useCanvas((s) => s.readOnly);
  const [editing, setEditing] = useState(false);
  const { note } = data;
  return (
    <div
      className={selected ? 'note-node is-selected' : 'note-node'}
      style={note.size}
      onDoubleClick={() => !readOnly && setEditing(true)}
    >
      {editing ? (
        <textarea
          className="note-text nodrag"
          aria-label="Note text"
          autoFocus
          defaultValue={note.text}
          onBlur={(e) => {
            setEditing(false);
            if (e.target.value !== note.text)
              run(updateNote(note, { ...note, text: e.target.value }));
          }}
          onKeyDown={(e) => e.key === 'Escape' && (e.target as HTMLTextAreaElement).blur()}
        />
      ) : (
        <p className="note-text">{note.text || 'Double-click to write a note'}</p>
      )}
    </div>
  );
});
