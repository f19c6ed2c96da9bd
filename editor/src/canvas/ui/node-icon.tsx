// Small inline glyphs keyed by a node type's `icon`; an icon font would weigh more than all of them.
const PATHS: Record<string, string> = {
  play: 'M7 5l12 7-12 7z',
  webhook:
    'M12 3a4 4 0 00-3.5 6l-3 5M12 3a4 4 0 013.5 6l3 5M5.5 14a3 3 0 100 .1M18.5 14a3 3 0 110 .1M8 18h8',
  clock: 'M12 3a9 9 0 100 18 9 9 0 000-18zM12 7v5l3 2',
  pencil: 'M4 20l4-1 11-11-3-3L5 16zM14 6l3 3',
  split: 'M4 12h6l6-6h4M10 12l6 6h4',
  merge: 'M4 6h4l6 6h6M4 18h4l6-6',
  repeat: 'M4 12a7 7 0 0112-5l2 2M20 12a7 7 0 01-12 5l-2-2M18 4v5h-5M6 20v-5h5',
  globe: 'M12 3a9 9 0 100 18 9 9 0 000-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  check: 'M4 12l5 5L20 6',
  box: 'M4 7l8-4 8 4v10l-8 4-8-4z',
};

export function NodeIcon({ name }: { name: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name] ?? PATHS.box} />
    </svg>
  );
}
