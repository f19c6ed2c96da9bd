import { useId, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { MyTasks } from '../approvals/my-tasks';
import { TeamView } from '../approvals/team-view';
import { Page } from '../ui/page';

const VIEWS = [
  { id: 'mine', label: 'My tasks' },
  { id: 'team', label: 'Team' },
] as const;
type View = (typeof VIEWS)[number]['id'];

/** The inbox: my pending tasks, and for admins and owners a tab with the whole team's open ones. */
export default function InboxPage() {
  const role = useRole();
  const [view, setView] = useState<View>('mine');
  const ids = { mine: useId(), team: useId() };
  const showTeam = can.manage(role);
  const onTabKey = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = view === 'mine' ? 'team' : 'mine';
    setView(next);
    document.getElementById(`${ids[next]}-tab`)?.focus();
  };
  const current = showTeam ? view : 'mine';
  return (
    <Page title="Inbox">
      {showTeam && (
        <div role="tablist" aria-label="Inbox views" className="tabs">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              id={`${ids[v.id]}-tab`}
              type="button"
              role="tab"
              className="tab"
              aria-selected={current === v.id}
              aria-controls={ids[v.id]}
              tabIndex={current === v.id ? 0 : -1}
              onClick={() => setView(v.id)}
              onKeyDown={onTabKey}
            >
              {v.label}
            </button>
          ))}
        </div>
      )}
      <div
        id={ids[current]}
        role={showTeam ? 'tabpanel' : undefined}
        aria-labelledby={showTeam ? `${ids[current]}-tab` : undefined}
      >
        {current === 'team' ? <TeamView /> : <MyTasks />}
      </div>
    </Page>
  );
}

