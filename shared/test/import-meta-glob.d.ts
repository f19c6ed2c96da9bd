// vitest (through Vite) expands import.meta.glob at transform time; shared has no Vite types.
interface ImportMeta {
  glob<T>(
    pattern: string,
    options: { query: '?raw'; import: 'default'; eager: true },
  ): Record<string, T>;
}
