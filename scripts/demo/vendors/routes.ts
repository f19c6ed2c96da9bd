// The one shape every stand-in vendor of the demo service answers through.

export interface DemoRequest {
  method: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  /** The route pattern's groups. */
  params: string[];
  /** The JSON body ({} when there is none). */
  json: Record<string, unknown>;
}

export interface DemoResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface DemoRoute {
  method: string;
  pattern: RegExp;
  handle(req: DemoRequest): DemoResponse;
}
