import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { COORDINATOR_PERSONA, PERSONA_GROUPS, personas } from '@bizosaas/nodes';
import { api } from '../api/client';
import { useTRPC } from '../api/trpc';
import { useConnectionCatalog } from '../connections/catalog';
import { ErrorNote } from '../ui/page';

const GROUP_LABEL: Record<(typeof PERSONA_GROUPS)[number], string> = {
  marketing: 'Marketing',
  ecommerce: 'E-commerce',
  analytics: 'Analytics',
  crm: 'CRM',
  operations: 'Operations',
  orchestration: 'Orchestration',
};

/** Starts a conversation with a persona, or with the orchestrator that picks one per request. */
export function NewChatForm({ onCreated }: { onCreated: (conversationId: string) => void }) {
  const client = useQueryClient();
  const trpc = useTRPC();
  const [persona, setPersona] = useState(COORDINATOR_PERSONA);
  const [connectionId, setConnectionId] = useState('');
  const [model, setModel] = useState('');
  const ids = { persona: useId(), connection: useId(), model: useId() };
  const catalog = useConnectionCatalog();
  const llms = (catalog.data ?? [])
    .filter((t) => t.category === 'llm')
    .flatMap((t) => t.connections);
  const create = useMutation({
    mutationFn: () =>
      api.chat.create.mutate({
        persona,
        ...(connectionId ? { connectionId } : {}),
        model,
      }),
    onSuccess: (conversation) => {
      void client.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
      onCreated(conversation.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="New chat">
      <div className="field">
        <label htmlFor={ids.persona}>Talk to</label>
        <select
          id={ids.persona}
          className="input"
          value={persona}
          onChange={(e) => setPersona(e.target.value)}
        >
          <option value={COORDINATOR_PERSONA}>Orchestrator (routes to the right agent)</option>
          {PERSONA_GROUPS.filter((g) => g !== 'orchestration').map((group) => (
            <optgroup key={group} label={GROUP_LABEL[group]}>
              {personas
                .filter((p) => p.group === group)
                .map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name}: {p.title}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.connection}>Model</label>
        <select
          id={ids.connection}
          className="input"
          value={connectionId}
          onChange={(e) => setConnectionId(e.target.value)}
        >
          <option value="">The embedded local model</option>
          {llms.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {connectionId && (
        <div className="field">
          <label htmlFor={ids.model}>Model name</label>
          <input
            id={ids.model}
            className="input"
            value={model}
            placeholder="e.g. gpt-4o-mini"
            onChange={(e) => setModel(e.target.value)}
          />
        </div>
      )}
      <ErrorNote error={create.error} />
      <button type="submit" className="button primary" disabled={create.isPending}>
        Start chat
      </button>
    </form>
  );
}
